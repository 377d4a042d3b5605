"""The ledger as a service runs it: its files in the data folder, the runner started, read-only views.

The projections service runs `Ledger.run` as a background task of its lifespan (`open_ledger`) and
answers proofs and receipts from its own read-only connections to the same file (`LedgerView`), so
that a request never reads the tree while the runner is half-way through appending to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from niangjia_eventstore import EventStore

from niangjia_ledger.keys import Signer, load_or_create_signing_key
from niangjia_ledger.runner import Ledger
from niangjia_ledger.state import LedgerFile

LEDGER_FILE = "ledger.db"
KEY_FILE = "ledger.key"


def ledger_paths(data_dir: Path, key_file: Path | None = None) -> tuple[Path, Path]:
    """The ledger file and the key file: <data folder>/ledger.db and the given key or <data folder>/ledger.key."""
    return data_dir / LEDGER_FILE, key_file or data_dir / KEY_FILE


def open_ledger(
    store: EventStore,
    data_dir: Path,
    *,
    key_file: Path | None = None,
    log_id: str | None = None,
    interval: float = 1.0,
    poll_interval: float = 0.2,
) -> Ledger:
    """The runner over `store`, its file and key in `data_dir` (the key created when missing)."""
    ledger_path, key_path = ledger_paths(data_dir, key_file)
    data_dir.mkdir(parents=True, exist_ok=True)
    key, _ = load_or_create_signing_key(key_path)
    state = LedgerFile(ledger_path, log_id=log_id)
    return Ledger(store, state, Signer(key), interval=interval, poll_interval=poll_interval)


class LedgerMissing(LookupError):
    """There is no ledger file yet (the runner has not started)."""


@contextmanager
def ledger_view(path: Path) -> Iterator[LedgerFile]:
    """The ledger file opened read-only, in one read transaction: one consistent state of it."""
    if not path.is_file():
        raise LedgerMissing(f"no ledger file at {path}")
    view = LedgerFile(path, readonly=True)
    try:
        with view.snapshot():
            view.refresh()  # the size as of this transaction
            yield view
    finally:
        view.close()


def tree_at_position(view: LedgerFile, position: int) -> tuple[int, bytes] | None:
    """The tree size and root right after the event at `position` (0: the empty tree); None when the
    ledger has not reached it."""
    if position == 0:
        return 0, view.tree.root(0)
    index = view.index_of_position(position)
    if index is None:
        return None
    return index + 1, view.tree.root(index + 1)
