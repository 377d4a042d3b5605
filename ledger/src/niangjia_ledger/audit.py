"""Verify a log against its ledger: recompute every leaf from the store, compare it with the leaf the
ledger recorded, and check every checkpoint's signature and root (the ledger's own and a witness's).

The first difference is named by the event's position and its kind:
- altered: the event at a position is not the one recorded there (a byte of it changed);
- removed: a recorded event is gone and the ones after it follow on;
- reordered: the recorded event is still there, at another position;
- inserted: an event the ledger never recorded stands where a recorded one was;
- rolled back: the store ends before the ledger (or a signed checkpoint) does, as after restoring an
  older copy;
- bad checkpoint: a checkpoint whose signature does not verify, or of another log.
Events after the ledger's last leaf are counted as not yet covered; they are not a difference.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from niangjia_eventstore import EventStore
from niangjia_verifier import EMPTY_ROOT, Checkpoint, CheckpointError

from niangjia_ledger.bulk import BulkTree
from niangjia_ledger.pages import Tail, leaf_pages
from niangjia_ledger.state import Entry, LedgerFile


class Kind(enum.StrEnum):
    ALTERED = "altered"
    REMOVED = "removed"
    REORDERED = "reordered"
    INSERTED = "inserted"
    ROLLED_BACK = "rolled_back"
    BAD_CHECKPOINT = "bad_checkpoint"


@dataclass(frozen=True, slots=True)
class Finding:
    kind: Kind
    position: int | None
    detail: str


@dataclass(slots=True)
class Report:
    events: int = 0
    ledger_size: int = 0
    checkpoints: int = 0
    uncovered: int = 0
    finding: Finding | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.finding is None


async def verify_log(
    store: EventStore,
    ledger: LedgerFile | None,
    public_keys: Mapping[str, Ed25519PublicKey],
    *,
    witness: Iterable[Checkpoint] = (),
    progress: Callable[[int], None] | None = None,
    page_size: int = 10_000,
    tail: Tail | None = None,
) -> Report:
    """Read the whole store once, in pages; stop at the first difference. With `tail` (the position it
    starts after, and the packed positions and leaf hashes of the events after it, hashed elsewhere)
    this process reads and hashes only the events up to that position; the tail's leaves are checked
    the same way, and read here after all if hashing them elsewhere failed."""
    report = Report()
    checkpoints = [*(ledger.checkpoints() if ledger else ()), *witness]
    report.checkpoints = len(checkpoints)
    report.finding = _bad_checkpoint(checkpoints, public_keys, ledger.log_id if ledger else None)
    targets = sorted(checkpoints, key=lambda c: c.tree_size)
    recorded = _Recorded(ledger, page_size)
    report.ledger_size = recorded.size
    roots = _Roots(targets)
    pages = leaf_pages(store, page_size, tail)
    async for positions, leaves in pages:
        if report.finding is not None:  # a bad checkpoint, or a difference in the page before
            break
        first = roots.tree.size
        agreeing = recorded.agreeing(first, positions, leaves)
        report.finding = roots.add(leaves[:agreeing], positions[:agreeing])
        if report.finding is None and agreeing < len(leaves):
            entry = recorded.at(first + agreeing)
            assert entry is not None  # only a recorded leaf can disagree
            event_id = await _event_id(store, positions[agreeing])
            report.finding = await _classify(store, recorded, entry, positions[agreeing], event_id)
        report.events = roots.tree.size
        report.uncovered = max(0, roots.tree.size - recorded.size)
        if progress:
            progress(positions[-1])
    await pages.aclose()
    if report.finding is None:
        report.finding = _rolled_back(roots.tree.size, recorded, roots.targets)
    return report


class _Roots:
    """The recomputed tree, checked against each checkpoint's root as it reaches its size."""

    def __init__(self, targets: list[Checkpoint]) -> None:
        self.tree = BulkTree()
        self.targets = [c for c in targets if c.tree_size > 0]
        self._empty = [c for c in targets if c.tree_size == 0 and c.root_hash != EMPTY_ROOT]
        self._unproven: int | None = None
        """The first position past the last checkpoint whose root matched."""

    def add(self, leaves: list[bytes], positions: list[int]) -> Finding | None:
        """Append a run of leaves (of the events at `positions`), stopping at each checkpoint's size."""
        if not leaves:
            return None
        if self._empty:
            return Finding(Kind.BAD_CHECKPOINT, None, "a checkpoint of the empty log whose root is not empty")
        tree, targets = self.tree, self.targets
        start, end = tree.size, tree.size + len(leaves)
        while tree.size < end:
            stop = min(targets[0].tree_size, end) if targets else end
            if self._unproven is None:
                self._unproven = positions[tree.size - start]
            tree.extend(leaves[tree.size - start : stop - start])
            while targets and targets[0].tree_size == tree.size:
                checkpoint = targets.pop(0)
                if checkpoint.root_hash != tree.root():
                    return Finding(
                        Kind.ALTERED,
                        self._unproven,
                        f"the events from position {self._unproven} to {positions[tree.size - start - 1]} do not "
                        f"have the root signed for size {checkpoint.tree_size} (the ledger file was changed as well)",
                    )
                self._unproven = None
        return None


def _bad_checkpoint(
    checkpoints: list[Checkpoint], public_keys: Mapping[str, Ed25519PublicKey], log_id: str | None
) -> Finding | None:
    for checkpoint in checkpoints:
        if log_id is not None and checkpoint.log_id != log_id:
            return Finding(Kind.BAD_CHECKPOINT, None, f"a checkpoint of another log: {checkpoint.log_id}")
        try:
            checkpoint.verify(public_keys)
        except CheckpointError as error:
            return Finding(Kind.BAD_CHECKPOINT, None, str(error))
    return None


def _rolled_back(size: int, recorded: _Recorded, targets: list[Checkpoint]) -> Finding | None:
    missing = recorded.at(size)
    if missing is not None:
        return Finding(
            Kind.ROLLED_BACK,
            missing[1],
            f"the store ends after {size} events; the ledger recorded {recorded.size}",
        )
    if targets:
        return Finding(
            Kind.ROLLED_BACK,
            None,
            f"the store holds {size} events; a checkpoint was signed for {targets[-1].tree_size}",
        )
    return None


async def _classify(store: EventStore, recorded: _Recorded, entry: Entry, position: int, event_id: bytes) -> Finding:
    _, was_position, was_id, _ = entry
    if was_position == position and was_id == event_id:
        return Finding(Kind.ALTERED, position, f"the event at position {position} is not the one recorded")
    still_there = await _store_has(store, was_id, after=position)
    known = recorded.index_of_event(event_id)
    if not still_there and known is None:
        if was_position == position:
            return Finding(Kind.ALTERED, position, f"the event at position {position} is not the one recorded")
        return Finding(Kind.REMOVED, was_position, f"the event recorded at position {was_position} is gone")
    if not still_there:
        return Finding(Kind.REMOVED, was_position, f"the event recorded at position {was_position} is gone")
    if known is None:
        return Finding(Kind.INSERTED, position, f"an event the ledger never recorded is at position {position}")
    first = min(position, was_position)
    return Finding(Kind.REORDERED, first, f"the events from position {first} are not in the recorded order")


async def _event_id(store: EventStore, position: int) -> bytes:
    """The id of the event at `position`, as stored (read again, only at a difference)."""
    page = await store.read_all_raw(position - 1, 1)
    return page[0][1] if page and page[0][0] == position else b""


async def _store_has(store: EventStore, event_id: bytes, *, after: int) -> bool:
    """Whether an event with this id is in the store after `after` (one pass, only at a difference)."""
    while True:
        page = await store.read_all(after, 5000)
        if not page:
            return False
        if any(e.event_id.bytes == event_id for e in page):
            return True
        after = page[-1].position


class _Recorded:
    """The ledger's leaves, read a page at a time (none without a ledger file)."""

    def __init__(self, ledger: LedgerFile | None, page_size: int) -> None:
        self._ledger = ledger
        self._page_size = page_size
        self.size = ledger.size if ledger else 0
        self._page: list[Entry] = []
        self._first = 0

    def at(self, index: int) -> Entry | None:
        if self._ledger is None or index >= self.size:
            return None
        if not self._first <= index < self._first + len(self._page):
            self._page = self._ledger.entries(index - 1, self._page_size)
            self._first = index
        return self._page[index - self._first]

    def agreeing(self, first: int, positions: list[int], leaves: list[bytes]) -> int:
        """How many of these leaves, from index `first` on, agree with the ledger's (position and hash);
        those past the ledger's end agree. A page's hashes are compared end to end in one read (a leaf's
        hash binds its position); only when they differ is each leaf compared, to find the first."""
        count = min(len(leaves), max(0, self.size - first))
        if self._ledger is None or count == 0:
            return len(leaves)
        if self._ledger.leaf_run(first, count) == b"".join(leaves[:count]):
            return len(leaves)
        recorded = self._ledger.leaves(first, count)
        for i, (theirs, mine) in enumerate(zip(recorded, zip(positions, leaves, strict=False), strict=False)):
            if theirs != mine:
                return i
        return len(leaves) if len(recorded) == count else len(recorded)

    def index_of_event(self, event_id: bytes) -> int | None:
        return self._ledger.index_of_event(event_id) if self._ledger else None
