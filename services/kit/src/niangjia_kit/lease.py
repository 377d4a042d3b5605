"""A named lease in a SQLite file: at most one holder at a time, so a second copy of a worker waits.

Two copies of the relay or of a projection runner (two replicas, or an old container still
stopping while a new one starts) share a lease file on the same volume. The copy that holds the
lease works; the other polls and takes over when the holder releases it or stops renewing it for
`ttl` seconds. Every new holder gets a larger `fencing` number, so a write guarded by it can refuse
a holder that paused past its lease and has not noticed yet.

The file must be on a local filesystem shared by the copies (one host: a docker volume or a
bind mount); SQLite locking is not reliable over network filesystems. Expiry uses the wall clock
of that one host.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

_SCHEMA = """
CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at REAL NOT NULL,
    fencing INTEGER NOT NULL
)
"""


def default_holder() -> str:
    """A holder name unique to this process: host name, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True, slots=True)
class LeaseState:
    """Who holds the lease, until when (seconds since the epoch), and its fencing number."""

    holder: str
    expires_at: float
    fencing: int


class Lease:
    """The lease `name` in the SQLite file `path`, taken on behalf of `holder` for `ttl` seconds at a time."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        name: str,
        holder: str,
        *,
        ttl: float = 15.0,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = 10.0,
    ) -> None:
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        if not name or not holder:
            raise ValueError("a lease needs a name and a holder")
        self.path = os.fspath(path)
        self.name = name
        self.holder = holder
        self.ttl = ttl
        self._clock = clock
        self._busy_timeout = busy_timeout
        self.fencing: int | None = None
        """The fencing number while this holder has the lease, else None."""

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(_SCHEMA)
        return conn

    def acquire(self) -> bool:
        """Take the lease if it is free or has lapsed, or renew it if this holder has it. True if held now."""
        with contextlib.closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                now = self._clock()
                row = conn.execute(
                    "SELECT holder, expires_at, fencing FROM leases WHERE name = ?", (self.name,)
                ).fetchone()
                if row is None:
                    fencing = 1
                elif row[0] == self.holder and (row[1] > now or self.fencing == row[2]):
                    fencing = row[2]  # ours: renew (also just after a lapse nobody else took)
                elif row[1] <= now:
                    fencing = row[2] + 1  # lapsed or released: take it over
                else:
                    conn.execute("ROLLBACK")
                    self.fencing = None
                    return False
                conn.execute(
                    "INSERT INTO leases (name, holder, expires_at, fencing) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                    "expires_at = excluded.expires_at, fencing = excluded.fencing",
                    (self.name, self.holder, now + self.ttl, fencing),
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        self.fencing = fencing
        return True

    def release(self) -> None:
        """Give the lease up at once (if this holder has it) so another copy can take it without waiting."""
        with contextlib.closing(self._connect()) as conn:
            conn.execute(
                "UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?",
                (self.name, self.holder),
            )
        self.fencing = None

    def state(self) -> LeaseState | None:
        """The lease as the file holds it now (None if never taken)."""
        with contextlib.closing(self._connect()) as conn:
            row = conn.execute("SELECT holder, expires_at, fencing FROM leases WHERE name = ?", (self.name,)).fetchone()
        return None if row is None else LeaseState(holder=row[0], expires_at=row[1], fencing=row[2])


async def _wait_for(lease: Lease, retry_every: float) -> None:
    acquired = await asyncio.to_thread(lease.acquire)
    while not acquired:
        await asyncio.sleep(retry_every)
        acquired = await asyncio.to_thread(lease.acquire)


async def run_with_lease(
    lease: Lease,
    work: Callable[[], Awaitable[None]],
    *,
    retry_every: float | None = None,
    renew_every: float | None = None,
) -> None:
    """Run `work` only while holding `lease`: wait for it, renew it, and cancel the work if it is lost.

    Returns when `work` returns (the lease is released); after a lost lease, waits to take it again
    and starts `work` afresh (it resumes from its own checkpoint). Cancel the call to stop.
    """
    retry_every = lease.ttl / 3 if retry_every is None else retry_every
    renew_every = lease.ttl / 3 if renew_every is None else renew_every
    while True:
        await _wait_for(lease, retry_every)
        task: asyncio.Task[None] = asyncio.ensure_future(work())
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=renew_every)
                if done:
                    task.result()
                    return
                if not await asyncio.to_thread(lease.acquire):
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                    break  # lost it: wait for it again
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if lease.fencing is not None:
                await asyncio.to_thread(lease.release)
