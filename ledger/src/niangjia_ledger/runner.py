"""The ledger runner: tails the store through the port, grows the tree, signs checkpoints.

A checkpoint is signed when the tree has grown and a second has passed since the last one, and at
the end of every catch-up, so that while events arrive one is signed at least once a second (the
live loop looks for new events every `poll_interval`). The runner is the only writer of its file.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from niangjia_eventstore import EventStore
from niangjia_verifier import Checkpoint

from niangjia_ledger.keys import Signer, public_raw
from niangjia_ledger.leaves import leaf_hashes
from niangjia_ledger.state import LedgerFile


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Ledger:
    def __init__(
        self,
        store: EventStore,
        state: LedgerFile,
        signer: Signer,
        *,
        clock: Callable[[], datetime] = _utcnow,
        interval: float = 1.0,
        poll_interval: float = 0.2,
        page_size: int = 2000,
    ) -> None:
        self.store = store
        self.state = state
        self.signer = signer
        self._clock = clock
        self._interval = timedelta(seconds=interval)
        self._poll_interval = poll_interval
        self._page_size = page_size
        latest = state.latest_checkpoint()
        self._signed_size = -1 if latest is None else latest.tree_size
        self._signed_at: datetime | None = None

    async def verify_tail(self) -> None:
        """StoreRegressed when the store no longer holds the tree's last event at its position (a
        truncated log, an older file restored): the tree is never grown over reused positions."""
        last = self.state.entries(self.state.size - 2, 1) if self.state.size else []
        if last:
            await self.store.verify_tail(last[0][1], UUID(bytes=last[0][2]))

    async def catch_up(self) -> int:
        """Add every event the store holds past the tree; sign as it goes and at the end. Returns the count.

        First checks that the store still holds the tree's last event (`verify_tail`)."""
        await self.verify_tail()
        added = 0
        while True:
            page = await self.store.read_all(self.state.last_position, self._page_size)
            if not page:
                break
            leaves = leaf_hashes(page)
            rows = [(e.position, e.event_id.bytes, leaf) for e, leaf in zip(page, leaves, strict=True)]
            await asyncio.to_thread(self.state.append, rows)
            added += len(page)
            if self._signed_at is None or self._clock() - self._signed_at >= self._interval:
                self.sign()
        if self.state.size != self._signed_size:
            self.sign()
        return added

    def sign(self) -> Checkpoint:
        """Sign the tree as it is now, and keep the checkpoint."""
        now = self._clock()
        checkpoint = self.signer.sign(
            log_id=self.state.log_id, tree_size=self.state.size, root_hash=self.state.tree.root(), at=now
        )
        self.state.add_checkpoint(checkpoint, public_raw(self.signer.public_key))
        self._signed_size, self._signed_at = checkpoint.tree_size, now
        return checkpoint

    async def run(self, stop: asyncio.Event) -> None:
        """Catch up, then follow the store until `stop` is set."""
        while not stop.is_set():
            await self.catch_up()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._poll_interval)

    async def rebuild(self) -> int:
        """Rebuild the tree from the store (the checkpoints stay, and still verify if the log is intact)."""
        await asyncio.to_thread(self.state.reset_tree)
        self._signed_size = -1
        return await self.catch_up()

    def inclusion_proof(self, position: int, tree_size: int | None = None) -> tuple[int, list[bytes]]:
        """The leaf index of the event at `position` and its proof in the tree of `tree_size`."""
        index = self.state.index_of_position(position)
        if index is None:
            raise LookupError(f"no event at position {position} in the ledger")
        return index, self.state.tree.inclusion_proof(index, tree_size)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        return self.state.tree.consistency_proof(size1, size2)
