"""The SQLite store's writer thread: group commit, and waiting out another process's write lock.

Appends from every event loop queue up for one thread, which commits all that are waiting in one
transaction (one fsync for many commands) and hands each its own outcome on its own loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import queue
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from niangjia_eventstore._sqlite_append import Append
from niangjia_eventstore._sqlite_faults import (
    FREE_BYTES_TO_RESUME,
    FULL_BELOW_BYTES,
    as_store_error,
    free_bytes,
    store_fault,
    writable,
)
from niangjia_eventstore._sqlite_schema import is_busy, migrate
from niangjia_eventstore.errors import EventStoreError, EventStoreUnavailable, StoreFull
from niangjia_eventstore.port import AppendResult

MAX_BATCH = 512
"""The most appends one group commit takes."""
MAX_BATCH_EVENTS = 20_000
"""A group commit stops taking appends once it holds this many events."""

_Outcome = AppendResult | Exception
Commit = Callable[[list[Append]], list[AppendResult | EventStoreError]]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def now_us(clock: Callable[[], datetime]) -> int:
    """The clock's time in microseconds since the epoch, as the store records it."""
    if clock is utcnow:
        return time.time_ns() // 1000
    now = clock()
    if now.tzinfo is None:
        raise EventStoreError("the store's clock must return an aware datetime")
    delta = now - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@dataclass(slots=True)
class Pending:
    append: Append
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[AppendResult]


def write_loop(waiting: queue.SimpleQueue[Pending | None], commit: Commit) -> None:
    """Commit what is waiting, in batches, until a None arrives (the store is closing)."""
    take = waiting.get
    take_waiting = waiting.get_nowait
    while True:
        first = take()
        if first is None:
            return
        batch = [first]
        events = len(first.append.events)
        stop = False
        while len(batch) < MAX_BATCH and events < MAX_BATCH_EVENTS:
            try:
                item = take_waiting()
            except queue.Empty:
                break
            if item is None:
                stop = True
                break
            batch.append(item)
            events += len(item.append.events)
        try:
            outcomes: list[_Outcome] = list(commit([p.append for p in batch]))
        except Exception as exc:
            outcomes = [exc] * len(batch)
        _deliver(batch, outcomes)
        if stop:
            return


def retry_while_busy(
    transaction: Commit, batch: list[Append], first: sqlite3.OperationalError, busy_timeout: float
) -> list[AppendResult | EventStoreError]:
    """Another process holds the write lock past SQLite's own busy timeout: try again, backing off."""
    deadline = time.monotonic() + busy_timeout
    delay = 0.001
    error = first
    while time.monotonic() <= deadline:
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
        try:
            return transaction(batch)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise  # the store's commit says what it means (_sqlite_faults)
            error = exc
    raise EventStoreUnavailable(f"the event store file is locked: {error}") from error


class WriterConnection:
    """The writer's connection, opened when first needed and closed after a fault of the disk or
    file: SQLite keeps a connection it opened read-only read-only, and one that hit a full disk is
    opened afresh, so the first write after the fault is gone starts clean. Used under the store's
    write lock."""

    def __init__(self, path: str, connect: Callable[[], sqlite3.Connection], busy_timeout: float) -> None:
        self.path = path
        self._connect = connect
        self._busy_timeout = busy_timeout
        self._cursor: sqlite3.Cursor | None = None
        self.fault: EventStoreUnavailable | None = None
        """Why the last write failed, while the disk or file may still have that fault."""
        try:
            self.cursor()
        except EventStoreUnavailable as fault:  # a full disk or read-only file at start: writes wait
            self.fault = fault

    def cursor(self) -> sqlite3.Cursor:
        """The open cursor, opening the file (and migrating its schema) when needed; a fault of the
        disk or file raises its typed error and leaves it closed."""
        if self._cursor is not None:
            return self._cursor
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            raise as_store_error(exc, self.path) from exc
        try:
            migrate(conn, self._busy_timeout)
        except sqlite3.Error as exc:
            conn.close()
            raise as_store_error(exc, self.path) from exc
        except BaseException:
            conn.close()
            raise
        self._cursor = conn.cursor()
        return self._cursor

    def connection(self) -> sqlite3.Connection | None:
        """The open connection, None while a fault of the disk or file keeps it closed."""
        try:
            return self.cursor().connection
        except EventStoreUnavailable:
            return None

    def failed(self, exc: sqlite3.Error | OSError) -> EventStoreError:
        """The error a failed write raises: a fault of the disk or file closes the connection."""
        fault = store_fault(exc, self.path)
        if fault is None:
            return EventStoreError(f"sqlite: {exc}")
        self.fault = fault
        self.close()
        return fault

    def probe(self) -> None:
        """Raise the fault that stops writes now; nothing is written. A full disk counts as full
        until its filesystem has room again; a read-only file until the file and folder are writable
        and the write lock can be taken (BEGIN IMMEDIATE, then ROLLBACK)."""
        free = free_bytes(self.path)
        if isinstance(self.fault, StoreFull) and free < FREE_BYTES_TO_RESUME:
            raise self.fault
        if free < FULL_BELOW_BYTES:  # full, though no write here has failed yet (another process's did)
            self.fault = StoreFull(f"the event store's disk is full: {free} bytes free")
            raise self.fault
        try:
            cursor = self.cursor()
            cursor.execute("PRAGMA busy_timeout=0")  # a probe never waits for another process's write
            try:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("ROLLBACK")
            finally:
                cursor.execute(f"PRAGMA busy_timeout={int(self._busy_timeout * 1000):d}")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):  # another process is writing: the file takes writes
                return
            raise self.failed(exc) from exc
        except EventStoreUnavailable as fault:
            self.fault = fault
            raise
        if not writable(self.path):
            raise self.failed(PermissionError(errno.EROFS, "the event store file is read-only", self.path))
        self.fault = None

    def close(self) -> None:
        cursor, self._cursor = self._cursor, None
        if cursor is not None:
            conn = cursor.connection
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            conn.close()


def _deliver(batch: list[Pending], outcomes: list[_Outcome]) -> None:
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[AppendResult], _Outcome]]] = defaultdict(list)
    for pending, outcome in zip(batch, outcomes, strict=True):
        by_loop[pending.loop].append((pending.future, outcome))
    for loop, settled in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the caller's loop is gone; nobody waits for these
            loop.call_soon_threadsafe(_settle, settled)


def _settle(settled: list[tuple[asyncio.Future[AppendResult], _Outcome]]) -> None:
    for future, outcome in settled:
        if future.done():
            continue
        if isinstance(outcome, Exception):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
