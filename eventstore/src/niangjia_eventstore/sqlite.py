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
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TypeVar

from niangjia_eventstore import _sqlite_read as rows
from niangjia_eventstore._notify import ChangeNotifier
from niangjia_eventstore._sqlite_append import Append, write_batch
from niangjia_eventstore._sqlite_connect import DataVersionPoll, connect
from niangjia_eventstore._sqlite_read import READ_ALL, READ_ALL_RAW, READ_STREAM, checksum_of, decode
from niangjia_eventstore._sqlite_readers import ReaderPool
from niangjia_eventstore._sqlite_schema import is_busy
from niangjia_eventstore._sqlite_tail import TailRecord
from niangjia_eventstore._sqlite_writer import Pending, WriterConnection, now_us, retry_while_busy, utcnow, write_loop
from niangjia_eventstore.errors import EventCorrupted, EventStoreError, EventStoreUnavailable
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
__all__ = ["SQLiteEventStore", "checksum_of"]


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
        self._write_lock = threading.Lock()
        self._writer = WriterConnection(self.path, lambda: self._connect(cache_kib=WRITER_CACHE_KIB), busy_timeout)
        """Every write goes through its one cursor; a full disk or read-only file at start, or later,
        leaves it closed until a write or a probe finds the fault gone."""
        self._tail = TailRecord(self.path, self._writer.connection())
        """Where the log ended, kept beside the file: a store that went backwards takes no writes."""
        self._queue: queue.SimpleQueue[Pending | None] = queue.SimpleQueue()
        self._writer_thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._readers = ReaderPool(self.path, self._connect)
        self._read_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="eventstore-read")
        poll = DataVersionPoll(self.path, busy_timeout)
        self._notifier = ChangeNotifier(poll=poll, interval=poll_interval, close_poll=poll.close)

    def _connect(self, cache_kib: int = READER_CACHE_KIB) -> sqlite3.Connection:
        return connect(self.path, busy_timeout=self._busy_timeout, synchronous=self._synchronous, cache_kib=cache_kib)

    def check_writable_sync(self) -> None:
        """Raise the typed error of a fault that stops writes now (a cheap probe, nothing written)."""
        with self._write_lock:
            if self._closed:
                raise EventStoreError("the event store is closed")
            self._writer.probe()

    async def check_writable(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.check_writable_sync)

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
            writer = self._writer
            try:
                try:
                    outcomes = self._transaction(batch)
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc):
                        raise
                    outcomes = self._retry_while_busy(batch, exc)
            except (sqlite3.Error, OSError) as exc:
                raise writer.failed(exc) from exc
            except EventStoreUnavailable as fault:
                writer.fault = fault
                raise
            writer.fault = None
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
        cursor = self._writer.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            self._tail.check(cursor)  # a store that went backwards, or holds a corrupted event, takes nothing
            outcomes = write_batch(cursor, batch, self._now_us())
            cursor.execute("COMMIT")
        except BaseException:
            if cursor.connection.in_transaction:
                cursor.execute("ROLLBACK")
            raise
        last = max(
            ((o.position, a) for o, a in zip(outcomes, batch, strict=True) if o.__class__ is AppendResult),
            default=None,
            key=lambda pair: pair[0],
        )
        if last is not None:
            self._tail.advance(last[0], last[1].events[-1].event_id.bytes)
        return outcomes

    def _now_us(self) -> int:
        return now_us(self._clock)

    # reading

    def _reader(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._readers.reader()

    def _read(self, sql: str, args: tuple[object, ...], read: Callable[..., _T]) -> _T:
        """`read` (`decode`, or `verify`) over the rows `sql` selects."""
        with self._reader() as conn:
            try:
                return read(conn.execute(sql, args))
            except EventCorrupted as exc:  # recorded, so that writers in every process refuse
                self._tail.mark_corrupted(exc.position)
                raise

    def verify_page_sync(self, after: int, limit: int) -> tuple[int, int]:
        return self._read(rows.VERIFY_ALL, (after, limit), lambda found: rows.verify(found, after))

    async def verify_page(self, after: int, limit: int) -> tuple[int, int]:
        return await self._in_pool(self.verify_page_sync, after, limit)

    def read_stream_sync(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        return self._read(READ_STREAM, (stream_id, from_version), decode)

    def read_all_sync(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        return self._read(READ_ALL, (after, limit), decode)

    def problem_sync(self) -> EventStoreError | None:
        with self._reader() as conn:
            return self._tail.problem(conn)

    async def problem(self) -> EventStoreError | None:
        return await self._in_pool(self.problem_sync)

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
            self._writer.close()
            self._tail.close()
        self._notifier.close()
        self._read_pool.shutdown(wait=True)
        self._readers.close()
