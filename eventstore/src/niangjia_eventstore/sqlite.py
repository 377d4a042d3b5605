"""The embedded default: one SQLite file in WAL mode, durable commits, safe for several processes.

Appends from coroutines go to one writer thread that commits every append waiting in one
transaction (group commit: concurrent commands share one fsync), each append checked on its own.
Positions are assigned under SQLite's write lock, so they grow in commit order and a reader never
sees a gap that a later commit fills. Live subscribers wake at once for appends in this process and
within one poll interval (PRAGMA data_version) for appends from other processes.
"""

from __future__ import annotations

import asyncio
import os
import queue
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from typing import TypeVar

from niangjia_eventstore._notify import ChangeNotifier
from niangjia_eventstore._sqlite_append import Append, write_batch
from niangjia_eventstore._sqlite_read import READ_ALL, READ_ALL_RAW, READ_STREAM, decode
from niangjia_eventstore._sqlite_schema import is_busy, migrate
from niangjia_eventstore._sqlite_writer import Pending, now_us, retry_while_busy, utcnow, write_loop
from niangjia_eventstore.errors import EventStoreError
from niangjia_eventstore.port import (
    AppendResult,
    EventStore,
    ExpectedVersion,
    NewEvent,
    RawEvent,
    RecordedEvent,
    validate_append,
)

SYNCHRONOUS_MODES = ("OFF", "NORMAL", "FULL", "EXTRA")
WRITER_CACHE_KIB = 32 * 1024
"""The writer's page cache: the event-id index takes random inserts and should stay in memory."""
READER_CACHE_KIB = 8 * 1024

_T = TypeVar("_T")


class SQLiteEventStore(EventStore):
    """The event store in one SQLite file. Several processes may open the same file at once."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        synchronous: str = "FULL",
        clock: Callable[[], datetime] = utcnow,
        busy_timeout: float = 30.0,
        poll_interval: float = 0.015,
    ) -> None:
        if synchronous.upper() not in SYNCHRONOUS_MODES:
            raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_MODES)}, got {synchronous!r}")
        self.path = os.fspath(path)
        self._synchronous = synchronous.upper()
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._closed = False
        self._closing = False
        self._writer_conn = self._connect(cache_kib=WRITER_CACHE_KIB)
        try:
            migrate(self._writer_conn, busy_timeout)
        except BaseException:
            self._writer_conn.close()
            raise
        self._writer = self._writer_conn.cursor()
        """Every write goes through this one cursor: no new cursor per statement."""
        self._write_lock = threading.Lock()
        self._queue: queue.SimpleQueue[Pending | None] = queue.SimpleQueue()
        self._writer_thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._readers: list[sqlite3.Connection] = []
        self._all_readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._read_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="eventstore-read")
        poll_conn = self._connect(cache_kib=64)
        self._notifier = ChangeNotifier(
            poll=lambda: int(poll_conn.execute("PRAGMA data_version").fetchone()[0]),
            interval=poll_interval,
            close_poll=poll_conn.close,
        )

    def _connect(self, cache_kib: int = READER_CACHE_KIB) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,
            check_same_thread=False,
            cached_statements=64,
        )
        deadline = time.monotonic() + self._busy_timeout
        while True:
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or time.monotonic() > deadline:
                    conn.close()
                    raise
                time.sleep(0.01)
        conn.execute(f"PRAGMA synchronous={self._synchronous}")
        conn.execute(f"PRAGMA cache_size=-{cache_kib:d}")
        return conn

    # appending

    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: ExpectedVersion
    ) -> AppendResult:
        validate_append(stream_id, events, expected_version)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[AppendResult] = loop.create_future()
        pending = Pending(Append(stream_id, tuple(events), expected_version), loop, future)
        with self._start_lock:
            if self._closing:
                raise EventStoreError("the event store is closed")
            if self._writer_thread is None:
                self._writer_thread = threading.Thread(target=self._write_loop, name="eventstore-writer", daemon=True)
                self._writer_thread.start()
            self._queue.put(pending)
        return await future

    def append_sync(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: ExpectedVersion
    ) -> AppendResult:
        """The same append, done on the calling thread: for scripts, benchmarks and threads."""
        validate_append(stream_id, events, expected_version)
        outcome = self._commit([Append(stream_id, tuple(events), expected_version)])[0]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _write_loop(self) -> None:
        write_loop(self._queue, self._commit)

    def _commit(self, batch: list[Append]) -> list[AppendResult | EventStoreError]:
        """Write `batch` in one transaction; retries while another process holds the lock.

        The hot path of every append: a single append spends most of its time in the fsync of its
        commit, and the Python around it runs with cold caches after that, so keep it short.
        """
        with self._write_lock:
            if self._closed:
                raise EventStoreError("the event store is closed")
            try:
                outcomes = self._transaction(batch)
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise EventStoreError(f"sqlite: {exc}") from exc
                outcomes = self._retry_while_busy(batch, exc)
            except sqlite3.Error as exc:
                raise EventStoreError(f"sqlite: {exc}") from exc
        for outcome in outcomes:
            if outcome.__class__ is AppendResult:
                self._notifier.bump()
                break
        return outcomes

    def _retry_while_busy(
        self, batch: list[Append], first: sqlite3.OperationalError
    ) -> list[AppendResult | EventStoreError]:
        return retry_while_busy(self._transaction, batch, first, self._busy_timeout)

    def _transaction(self, batch: list[Append]) -> list[AppendResult | EventStoreError]:
        cursor = self._writer
        cursor.execute("BEGIN IMMEDIATE")
        try:
            outcomes = write_batch(cursor, batch, self._now_us())
            cursor.execute("COMMIT")
        except BaseException:
            if self._writer_conn.in_transaction:
                cursor.execute("ROLLBACK")
            raise
        return outcomes

    def _now_us(self) -> int:
        return now_us(self._clock)

    # reading

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        with self._readers_lock:
            if self._closed:
                raise EventStoreError("the event store is closed")
            conn = self._readers.pop() if self._readers else None
        if conn is None:
            conn = self._connect()
            with self._readers_lock:
                self._all_readers.append(conn)
        try:
            yield conn
        finally:
            with self._readers_lock:
                if self._closed:
                    conn.close()
                else:
                    self._readers.append(conn)

    def read_stream_sync(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        with self._reader() as conn:
            return decode(conn.execute(READ_STREAM, (stream_id, from_version)))

    def read_all_sync(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        with self._reader() as conn:
            return decode(conn.execute(READ_ALL, (after, limit)))

    def last_position_sync(self) -> int:
        with self._reader() as conn:
            return int(conn.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()[0])

    async def _in_pool(self, fn: Callable[..., _T], *args: object) -> _T:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._read_pool, fn, *args)
        except RuntimeError as exc:
            if self._closed:
                raise EventStoreError("the event store is closed") from exc
            raise

    def _read_later(self, after: int, limit: int) -> asyncio.Future[list[RecordedEvent]]:
        try:
            return asyncio.get_running_loop().run_in_executor(self._read_pool, self.read_all_sync, after, limit)
        except RuntimeError as exc:  # the pool is shut down
            raise EventStoreError("the event store is closed") from exc

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        return await self._in_pool(self.read_stream_sync, stream_id, from_version)

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        return await self._in_pool(self.read_all_sync, after, limit)

    async def read_all_raw(self, after: int = 0, limit: int = 1000) -> list[RawEvent]:
        return await self._in_pool(self._read_raw, after, limit)

    def _read_raw(self, after: int, limit: int) -> list[RawEvent]:
        with self._reader() as conn:
            return conn.execute(READ_ALL_RAW, (after, limit)).fetchall()

    async def last_position(self) -> int:
        return await self._in_pool(self.last_position_sync)

    async def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[RecordedEvent]:
        notifier = self._notifier
        # While the consumer works through a full page, the next one is read on a reader thread.
        ahead: tuple[int, asyncio.Future[list[RecordedEvent]]] | None = None
        position = after
        try:
            while True:
                if ahead is None:
                    ahead = (notifier.seq, self._read_later(position, page_size))
                seen, reading = ahead
                page = await reading
                ahead = None
                if page:
                    position = page[-1].position
                if len(page) == page_size:
                    ahead = (notifier.seq, self._read_later(position, page_size))
                for event in page:
                    yield event
                if len(page) < page_size:
                    await notifier.wait(seen)
        finally:
            if ahead is not None:
                ahead[1].cancel()

    # closing

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.close_sync)

    def close_sync(self) -> None:
        """Finish the appends already queued, then release every thread and connection."""
        with self._start_lock:
            if self._closing:
                return
            self._closing = True
            writer = self._writer_thread
            if writer is not None:
                self._queue.put(None)
        if writer is not None:
            writer.join()
        with self._write_lock:
            self._closed = True
            self._writer_conn.close()
        self._notifier.close()
        self._read_pool.shutdown(wait=True)
        with self._readers_lock:
            for conn in self._all_readers:
                conn.close()
            self._all_readers.clear()
            self._readers.clear()
