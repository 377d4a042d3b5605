"""Loading every event of the store into fresh models: through the store port, or straight from a
SQLite store's file (`raw`), with the interpreter set for a bulk load."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from niangjia_eventstore import EventStore
from niangjia_kit.projection import Decoder, ModelStatus, apply_page, recorded_from

from niangjia_projections.rebuild.raw import SQLiteStoreFileReader

Progress = Callable[[int, int, int], None]
"""progress(events_done, position, last_position), after every page."""


@contextlib.contextmanager
def bulk_mode() -> Iterator[None]:
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


@dataclass(slots=True)
class Load:
    """The models one load applies every event to, how, and how far it has got."""

    models: Sequence[ModelStatus]
    decoder: Decoder
    batch_size: int
    last: int
    """The store's last position, as far as known (it may grow while loading)."""
    progress: Progress | None
    done: int = 0

    def applied(self, count: int, position: int, report: Progress | None) -> bool:
        """Count a page of `count` events up to `position`, and report it; False when every model
        has stopped (nothing is left to load)."""
        self.done += count
        self.last = max(self.last, position)
        if report is not None:
            report(self.done, position, self.last)
        return any(m.failure is None for m in self.models)


async def load_through_port(store: EventStore, load: Load) -> None:
    """Apply every event, reading the next page through the store port while this one is applied."""
    pending = asyncio.ensure_future(store.read_all(0, load.batch_size))
    while True:
        page = await pending
        if not page:
            break
        pending = asyncio.ensure_future(store.read_all(page[-1].position, load.batch_size))
        await asyncio.to_thread(apply_page, load.models, [recorded_from(e) for e in page], load.decoder)
        if not load.applied(len(page), page[-1].position, load.progress):
            pending.cancel()
            break


async def load_from_file(reader: SQLiteStoreFileReader, load: Load) -> None:
    """Apply every event, reading and applying in one thread, page after page.

    One thread, not a reader beside an applier: the two would take turns holding the GIL anyway,
    and the hand-overs cost more than reading the file while nothing is applied. Progress is
    reported on the event loop. Cancelling stops the thread after the page in hand.
    """
    loop = asyncio.get_running_loop()
    stop = threading.Event()
    progress = load.progress

    def report(done: int, position: int, last: int) -> None:
        if progress is not None:
            loop.call_soon_threadsafe(progress, done, position, last)

    def run() -> None:
        after = 0
        while not stop.is_set():
            page = reader.read_all(after, load.batch_size)
            if not page:
                return
            apply_page(load.models, page, load.decoder)
            after = page[-1].position
            if not load.applied(len(page), after, report):
                return

    work = asyncio.ensure_future(asyncio.to_thread(run))
    try:
        await asyncio.shield(work)
    except asyncio.CancelledError:
        stop.set()
        with contextlib.suppress(Exception):
            await work  # the page in hand: the models' connections are closed after it
        raise
