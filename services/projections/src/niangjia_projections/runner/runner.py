"""The projection runner: every model reads the store from its own checkpoint and moves that
checkpoint in the same SQLite transaction as its change, a batch at a time.

Events are decoded once per batch, and only for models that handle their type. An event type the
decoder does not know is skipped and counted. An event that does not decode (or a batch a model
fails to apply) stops that model, with the position, until the cause is fixed; the others go on.

Two runners on the same read-model files (two service copies sharing a volume, or a `catch-up`
beside a running service) do no harm, by the checkpoint guard rather than by a lease: each batch
transaction takes the file's write lock first (BEGIN IMMEDIATE), re-reads the checkpoint under it,
and applies only the events after it; a runner that finds the checkpoint ahead of its own takes it
over and moves on. The guard holds whatever the timing: a lease (`niangjia_kit.lease`) only keeps
a second copy idle, and a holder paused past its lease would still write unless every write
checked a fencing number in the same transaction, which is this guard again. What the second
runner wastes is decoding the pages the first one has already applied, one page per turn. Finding
or creating a model's file happens under a lock file, so runners that start together share it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from niangjia_eventstore import EventStore

from niangjia_projections.runner.files import BUILD_CACHE_MIB, ModelFiles, connect, finish_build, remove
from niangjia_projections.runner.projection import (
    DecodeFailed,
    Decoder,
    Item,
    Projection,
    Recorded,
    recorded_from,
    uuid_text,
)
from niangjia_projections.runner.raw import SQLiteStoreFileReader, store_file_reader

log = logging.getLogger("niangjia.projections")

CHECKPOINT_DDL = """
CREATE TABLE IF NOT EXISTS _projection (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    skipped_unknown INTEGER NOT NULL,
    last_recorded_us INTEGER NOT NULL
)
"""


class VersionMismatch(RuntimeError):
    """The file was built by another version of the projection; it must be rebuilt."""


@dataclass(frozen=True, slots=True)
class Failure:
    position: int
    event_id: str | None
    event_type: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "message": self.message,
        }


@dataclass(slots=True)
class ModelStatus:
    """One read model as the runner holds it: its file, connection, checkpoint and counters."""

    projection: Projection
    path: Path
    conn: sqlite3.Connection
    checkpoint: int = 0
    applied: int = 0
    skipped_unknown: int = 0
    last_recorded_us: int = 0
    failure: Failure | None = None

    @property
    def name(self) -> str:
        return self.projection.name


def open_model(projection: Projection, path: Path, *, fast_build: bool = False) -> ModelStatus:
    """Open (creating when new) a model's file and read its checkpoint."""
    cache = int(getattr(projection, "build_cache_mib", BUILD_CACHE_MIB))
    conn = connect(path, fast_build=fast_build, cache_mib=cache)
    try:
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_projection'").fetchone()
        row = None
        if has_table:
            row = conn.execute(
                "SELECT version, position, applied, skipped_unknown, last_recorded_us FROM _projection WHERE name=?",
                (projection.name,),
            ).fetchone()
        if row is None:
            conn.execute("BEGIN")
            projection.create(conn)
            conn.execute(CHECKPOINT_DDL)
            conn.execute("INSERT INTO _projection VALUES (?, ?, 0, 0, 0, 0)", (projection.name, projection.version))
            conn.execute("COMMIT")
            return ModelStatus(projection, path, conn)
        if row[0] != projection.version:
            raise VersionMismatch(f"{path} holds {projection.name} v{row[0]}; this code builds v{projection.version}")
    except BaseException:
        conn.close()
        raise
    return ModelStatus(
        projection, path, conn, checkpoint=row[1], applied=row[2], skipped_unknown=row[3], last_recorded_us=row[4]
    )


def apply_page(models: Sequence[ModelStatus], page: Sequence[Recorded], decode: Decoder) -> None:
    """Apply one page of events to every model that has not failed, one transaction per model."""
    decoded: dict[int, Item | DecodeFailed] = {}
    for model in models:
        if model.failure is None:
            _commit(model, page, decode, decoded)


@dataclass(slots=True)
class _Pending:
    """What a page holds for a model after its checkpoint: the items it takes (decoded once per
    page), the unknown types, the last event it gets past, and the first that does not decode."""

    items: list[Item]
    unknown: int
    first: Recorded | None
    last: Recorded | None
    failure: Failure | None


def _pending(
    model: ModelStatus, page: Sequence[Recorded], decode: Decoder, decoded: dict[int, Item | DecodeFailed]
) -> _Pending:
    types = model.projection.event_types
    known = decode.known_types
    checkpoint = model.checkpoint
    count = len(page)
    start = 0
    while start < count and page[start].position <= checkpoint:  # pages are in position order
        start += 1
    if start == count:
        return _Pending([], 0, None, None, None)
    items: list[Item] = []
    add = items.append
    cached = decoded.get
    unknown = 0
    for index in range(start, count):
        recorded = page[index]
        event_type = recorded.type
        if event_type not in known:
            unknown += 1
        if types is not None and event_type not in types:
            continue
        item = cached(index)
        if item is None:
            try:
                item = decode(recorded)
            except DecodeFailed as error:
                item = error
            decoded[index] = item
        if isinstance(item, DecodeFailed):
            failure = Failure(recorded.position, uuid_text(recorded.event_id), event_type, f"does not decode: {item}")
            last = page[index - 1] if index > start else None
            return _Pending(items, unknown - (event_type not in known), page[start], last, failure)
        add(item)
    return _Pending(items, unknown, page[start], page[-1], None)


def _commit(
    model: ModelStatus, page: Sequence[Recorded], decode: Decoder, decoded: dict[int, Item | DecodeFailed]
) -> None:
    """Apply the page's events after the model's checkpoint and move the checkpoint, in one transaction.

    The transaction takes the write lock first (BEGIN IMMEDIATE) and re-reads the checkpoint under
    it; when another runner on the same file has moved it, this one takes it over and applies only
    what lies after it. That guard, not a lease, is what makes a second runner harmless.
    """
    pending = _pending(model, page, decode, decoded)
    if pending.first is None:
        return
    conn = model.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        stored = conn.execute(
            "SELECT position, applied, skipped_unknown, last_recorded_us FROM _projection WHERE name=?",
            (model.name,),
        ).fetchone()
        if stored[0] != model.checkpoint:  # another runner got here first
            model.checkpoint, model.applied, model.skipped_unknown, model.last_recorded_us = stored
            pending = _pending(model, page, decode, decoded)
        last = pending.last
        if last is None:
            conn.execute("ROLLBACK")
        else:
            if pending.items:
                model.projection.apply(conn, pending.items)
            last_us = last.recorded_us
            conn.execute(
                "UPDATE _projection SET position=?, applied=applied+?, skipped_unknown=skipped_unknown+?,"
                " last_recorded_us=? WHERE name=?",
                (last.position, len(pending.items), pending.unknown, last_us, model.name),
            )
            conn.execute("COMMIT")
    except Exception as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        first = pending.first.position if pending.first else model.checkpoint + 1
        upto = pending.last.position if pending.last else first
        _fail(model, Failure(first, None, None, f"applying events {first}..{upto} failed: {error!r}"))
        return
    if last is not None:
        model.checkpoint = last.position
        model.applied += len(pending.items)
        model.skipped_unknown += pending.unknown
        model.last_recorded_us = last_us
    if pending.failure is not None:
        _fail(model, pending.failure)


def _fail(model: ModelStatus, failure: Failure) -> None:
    model.failure = failure
    log.error(
        "projection %s stopped at position %d: %s",
        model.name,
        failure.position,
        failure.message,
        extra={"projection": model.name, "position": failure.position},
    )


class ProjectionRunner:
    """Keeps a set of read models up to date with the store, live."""

    def __init__(
        self,
        store: EventStore,
        files: ModelFiles,
        projections: Sequence[Projection],
        decoder: Decoder,
        *,
        batch_size: int = 1000,
        idle_check: float = 1.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.files = files
        self.projections = list(projections)
        self.decoder = decoder
        self.batch_size = batch_size
        self.idle_check = idle_check
        self.clock = clock
        self.models: list[ModelStatus] = []
        self.store_position = 0
        self._progress = asyncio.Condition()

    # -- files ----------------------------------------------------------------------------------

    def open(self) -> None:
        """Open every model's current file, creating an empty one (checkpoint 0) where there is none."""
        self.files.directory.mkdir(parents=True, exist_ok=True)
        self.models = [self._open_current(p) for p in self.projections]

    def _open_current(self, projection: Projection) -> ModelStatus:
        """Open the model's current file, or create and swap in an empty one. Under the model's lock
        file, so two runners starting at once on one folder end up on the same file."""
        with self.files.lock(projection.name):
            return self._open_or_create(projection)

    def _open_or_create(self, projection: Projection) -> ModelStatus:
        path = self.files.current(projection.name)
        if path is not None:
            try:
                return open_model(projection, path)
            except VersionMismatch as error:
                log.warning("%s; starting it again from position 0", error)
        path = self.files.fresh(projection.name)
        try:
            model = open_model(projection, path)
        except BaseException:
            remove(path)
            raise
        self.files.swap(projection.name, path)
        return model

    def _follow_swaps(self) -> None:
        """Reopen a model whose file a rebuild has swapped out."""
        for index, model in enumerate(self.models):
            current = self.files.current(model.name)
            if current is not None and current != model.path:
                log.info("read model %s was swapped for %s; reopening", model.name, current.name)
                model.conn.close()
                self.models[index] = self._open_current(model.projection)

    def close(self) -> None:
        for model in self.models:
            model.conn.close()
        self.models = []

    # -- running --------------------------------------------------------------------------------

    def _active(self) -> list[ModelStatus]:
        return [m for m in self.models if m.failure is None]

    async def step(self) -> int:
        """Apply the next page of events; returns how many events the page held."""
        self._follow_swaps()
        active = self._active()
        if not active:
            return 0
        floor = min(m.checkpoint for m in active)
        page = await self.store.read_all(floor, self.batch_size)
        if page:
            await asyncio.to_thread(apply_page, active, [recorded_from(e) for e in page], self.decoder)
            self.store_position = max(self.store_position, page[-1].position)
        if len(page) < self.batch_size:
            self.store_position = max(self.store_position, await self.store.last_position())
        async with self._progress:
            self._progress.notify_all()
        return len(page)

    async def catch_up(self) -> None:
        """Apply every event the store holds now."""
        while await self.step():
            pass

    async def run(self) -> None:
        """Follow the store until cancelled."""
        while True:
            if await self.step():
                continue
            active = self._active()
            floor = min((m.checkpoint for m in active), default=None)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wait_past(floor), self.idle_check)

    async def _wait_past(self, position: int | None) -> None:
        if position is None:
            await asyncio.Event().wait()
            return
        events = self.store.subscribe(after=position, page_size=1)
        try:
            async for _ in events:
                return
        finally:
            close = getattr(events, "aclose", None)
            if close is not None:
                await close()

    def checkpoint(self) -> int:
        """The lowest checkpoint of the models still running (all of them when none failed)."""
        return min((m.checkpoint for m in self._active()), default=0)

    async def wait_for(self, position: int, timeout: float) -> bool:  # noqa: ASYNC109
        """Wait until every running model has applied `position`; False on timeout."""

        def reached() -> bool:
            active = self._active()
            return not active or min(m.checkpoint for m in active) >= position

        try:
            async with self._progress:
                await asyncio.wait_for(self._progress.wait_for(reached), timeout)
        except TimeoutError:
            return False
        return True

    # -- status ---------------------------------------------------------------------------------

    def status(self) -> list[dict[str, Any]]:
        now = self.clock()
        out = []
        for model in self.models:
            behind = max(self.store_position - model.checkpoint, 0)
            seconds = 0.0
            if behind and model.last_recorded_us:
                seconds = max(now - model.last_recorded_us / 1_000_000, 0.0)
            out.append(
                {
                    "name": model.name,
                    "version": model.projection.version,
                    "file": model.path.name,
                    "checkpoint": model.checkpoint,
                    "store_position": self.store_position,
                    "lag_events": behind,
                    "lag_seconds": round(seconds, 3),
                    "applied": model.applied,
                    "skipped_unknown": model.skipped_unknown,
                    "status": "failed" if model.failure else "running",
                    "failure": model.failure.as_dict() if model.failure else None,
                }
            )
        return out


@dataclass(frozen=True, slots=True)
class Built:
    """A read model built into a fresh file and not swapped in yet (plain data: it crosses processes)."""

    name: str
    path: Path
    checkpoint: int
    applied: int
    failure: Failure | None


async def build(
    store: EventStore,
    files: ModelFiles,
    projections: Sequence[Projection],
    decoder: Decoder,
    *,
    batch_size: int = 2000,
    progress: Callable[[int, int, int], None] | None = None,
) -> list[Built]:
    """Build the given models from position 0 into fresh files, durable and ready to swap in.

    The events decode on the decoder's trusted path (they were validated when they were written),
    holding only the fields the models read where the models say which (`payload_fields`).
    A SQLite store is read straight from its file (`runner.raw`), in the thread that applies the
    pages; any other store through its port.
    The fresh files have no journal and no fsync while they load, and their secondary indexes are
    created after the load; each file is made durable (fsync) once, at the end. A model that fails
    keeps its failure and its fresh file is removed. `progress(events_done, position,
    last_position)` is called after every page.
    """
    with _bulk_mode():
        return await _build(store, files, projections, _rebuild_decoder(decoder, projections), batch_size, progress)


def _rebuild_decoder(decoder: Decoder, projections: Sequence[Projection]) -> Decoder:
    """The trusted decoder, making events that hold only the fields the models read (their
    `payload_fields`) except in the types some model without `payload_fields` takes."""
    fields: frozenset[str] | None = None
    whole: frozenset[str] = frozenset()
    for projection in projections:
        read: frozenset[str] | None = getattr(projection, "payload_fields", None)
        if read is not None:
            fields = read if fields is None else fields | read
        elif projection.event_types is None:
            return decoder.trusted()
        else:
            whole |= projection.event_types
    return decoder.trusted(fields, whole)


@contextlib.contextmanager
def _bulk_mode() -> Iterator[None]:
    """While loading: no cyclic garbage collection (a page of events allocates many short-lived
    acyclic objects, freed by their reference counts; even a young-generation collection every
    50,000 allocations cost a tenth of a rebuild); and let the threads
    that read and apply pages through the store port hold the GIL for longer turns."""
    enabled = gc.isenabled()
    interval = sys.getswitchinterval()
    gc.freeze()
    gc.disable()
    sys.setswitchinterval(max(interval, 0.05))
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        gc.unfreeze()
        if enabled:
            gc.enable()


async def _build(
    store: EventStore,
    files: ModelFiles,
    projections: Sequence[Projection],
    decoder: Decoder,
    batch_size: int,
    progress: Callable[[int, int, int], None] | None,
) -> list[Built]:
    models: list[ModelStatus] = []
    deferred: dict[str, list[str]] = {}
    try:
        for projection in projections:
            path = files.fresh(projection.name)
            model = open_model(projection, path, fast_build=True)
            models.append(model)
            deferred[model.name] = _drop_indexes(model.conn)
        target = await store.last_position()
        reader = store_file_reader(store)
        if reader is not None:
            try:
                await _load_from_file(reader, models, decoder, batch_size, target, progress)
            finally:
                reader.close()
        else:
            await _load_through_port(store, models, decoder, batch_size, target, progress)
        built = []
        for model in models:
            if model.failure is None:
                await asyncio.to_thread(_finish, model, deferred[model.name])
            else:
                model.conn.close()
                remove(model.path)
            built.append(Built(model.name, model.path, model.checkpoint, model.applied, model.failure))
    except BaseException:
        for model in models:
            model.conn.close()
            remove(model.path)
        raise
    return built


async def _load_through_port(
    store: EventStore,
    models: Sequence[ModelStatus],
    decoder: Decoder,
    batch_size: int,
    target: int,
    progress: Callable[[int, int, int], None] | None,
) -> None:
    """Apply every event, reading the next page through the store port while this one is applied."""
    done = 0
    pending = asyncio.ensure_future(store.read_all(0, batch_size))
    while True:
        page = await pending
        if not page:
            break
        pending = asyncio.ensure_future(store.read_all(page[-1].position, batch_size))
        await asyncio.to_thread(apply_page, models, [recorded_from(e) for e in page], decoder)
        done += len(page)
        target = max(target, page[-1].position)
        if progress is not None:
            progress(done, page[-1].position, target)
        if all(m.failure is not None for m in models):
            pending.cancel()
            break


async def _load_from_file(
    reader: SQLiteStoreFileReader,
    models: Sequence[ModelStatus],
    decoder: Decoder,
    batch_size: int,
    target: int,
    progress: Callable[[int, int, int], None] | None,
) -> None:
    """Apply every event, reading and applying in one thread, page after page.

    One thread, not a reader beside an applier: the two would take turns holding the GIL anyway,
    and the hand-overs cost more than reading the file while nothing is applied. Progress is
    reported on the event loop. Cancelling stops the thread after the page in hand.
    """
    loop = asyncio.get_running_loop()
    stop = threading.Event()

    def report(done: int, position: int, last: int) -> None:
        if progress is not None:
            loop.call_soon_threadsafe(progress, done, position, last)

    def load() -> None:
        done, after, last = 0, 0, target
        while not stop.is_set():
            page = reader.read_all(after, batch_size)
            if not page:
                return
            apply_page(models, page, decoder)
            done += len(page)
            after = page[-1].position
            last = max(last, after)
            report(done, after, last)
            if all(m.failure is not None for m in models):
                return

    work = asyncio.ensure_future(asyncio.to_thread(load))
    try:
        await asyncio.shield(work)
    except asyncio.CancelledError:
        stop.set()
        with contextlib.suppress(Exception):
            await work  # the page in hand: the models' connections are closed after it
        raise


def _finish(model: ModelStatus, indexes: list[str]) -> None:
    for statement in indexes:
        model.conn.execute(statement)
    finish_build(model.conn)
    model.conn.close()
    _fsync(model.path)


def swap_in(files: ModelFiles, built: Sequence[Built]) -> None:
    """Swap in every model that was built whole; RebuildFailed names those that were not."""
    for model in built:
        if model.failure is None:
            files.swap(model.name, model.path)
    failed = [m for m in built if m.failure is not None]
    if failed:
        raise RebuildFailed(failed)


async def rebuild(
    store: EventStore,
    files: ModelFiles,
    projections: Sequence[Projection],
    decoder: Decoder,
    *,
    batch_size: int = 2000,
    progress: Callable[[int, int, int], None] | None = None,
) -> list[Built]:
    """Build the given models from position 0 into fresh files (`build`), then swap each in whole.

    Until the swap, readers keep answering from the old files. A model that fails is not swapped
    in; RebuildFailed is raised after the others are swapped.
    """
    built = await build(store, files, projections, decoder, batch_size=batch_size, progress=progress)
    swap_in(files, built)
    return built


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop a fresh file's secondary indexes (bulk loading is faster without them); returns their DDL."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in rows]


class RebuildFailed(RuntimeError):
    def __init__(self, failed: Sequence[Built]) -> None:
        self.failed = list(failed)
        details = "; ".join(
            f"{m.name} stopped at position {m.failure.position}: {m.failure.message}" for m in failed if m.failure
        )
        super().__init__(f"rebuild failed: {details}")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
