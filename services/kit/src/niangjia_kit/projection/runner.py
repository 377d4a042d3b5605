"""The live projection runner: every model reads the store from its own checkpoint and moves that
checkpoint in the same SQLite transaction as its change, a page at a time (`checkpoint`).

`catch_up` reads pages from the lowest checkpoint up to the store's end; `run` follows the store
through its subscription from there, a page being every event available at once. Events are
decoded once per page, and only for models that handle their type. An event
type the decoder does not know is skipped and counted. A model that fails stops at the position,
the others go on; `run` returns when none is left running, and `resume` lets the failed ones try
again from their checkpoints.

What a second runner on the same files wastes is decoding the pages the first one has already
applied, one page per turn: the checkpoint guard keeps it from applying them twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol

from niangjia_eventstore import EventStore, RecordedEvent

from niangjia_kit.projection.checkpoint import ModelStatus, apply_page
from niangjia_kit.projection.events import Decoder, Projection, recorded_from
from niangjia_kit.projection.healing import Healing
from niangjia_kit.projection.tail import STORE_FAULTS, fail_all, verify_checkpoints

log = logging.getLogger("niangjia.projections")


async def _finishing(work: Coroutine[Any, Any, None]) -> None:
    """Await `work` (a page applied on a worker thread); when cancelled, let it finish first, so that
    the models' connections are never closed under the thread still writing to them."""
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise


class ModelPlace(Protocol):
    """Where a runner's models live: `ModelFiles` (a folder of swappable files), or a single file."""

    def open(self, projection: Projection) -> ModelStatus:
        """The model's current file opened, with its checkpoint (created empty when new)."""
        ...

    def swapped(self, model: ModelStatus) -> bool:
        """Whether a rebuild has swapped another file in since `model` was opened."""
        ...


class ProjectionRunner:
    """Keeps a set of read models up to date with the store, live.

    `on_page`, when given, is called with every page of events once the models have applied it.
    """

    def __init__(
        self,
        store: EventStore,
        place: ModelPlace,
        projections: Sequence[Projection],
        decoder: Decoder,
        *,
        batch_size: int = 1000,
        idle_check: float = 1.0,
        clock: Callable[[], float] = time.time,
        on_page: Callable[[Sequence[RecordedEvent]], None] | None = None,
        heal: bool = False,
    ) -> None:
        self.store = store
        self.place = place
        self.projections = list(projections)
        self.decoder = decoder
        self.batch_size = batch_size
        self.idle_check = idle_check
        self.clock = clock
        self.on_page = on_page
        self.models: list[ModelStatus] = []
        self.healing = Healing() if heal else None
        """With `heal`, `run` retries a failed model and a store it could not read, with backoff."""
        self.store_position = 0
        self._progress = asyncio.Condition()

    # -- files ----------------------------------------------------------------------------------

    def open(self) -> None:
        """Open every model's current file, creating an empty one (checkpoint 0) where there is none."""
        self.models = [self.place.open(p) for p in self.projections]

    def _follow_swaps(self) -> None:
        """Reopen a model whose file a rebuild has swapped out."""
        for index, model in enumerate(self.models):
            if self.place.swapped(model):
                log.info("read model %s was swapped; reopening", model.name)
                model.conn.close()
                self.models[index] = self.place.open(model.projection)

    def close(self) -> None:
        for model in self.models:
            model.conn.close()
        self.models = []

    # -- running --------------------------------------------------------------------------------

    def _active(self) -> list[ModelStatus]:
        return [m for m in self.models if m.failure is None]

    async def _verified(self) -> list[ModelStatus]:
        """The running models whose checkpoints the store still holds (the others are stopped)."""
        await verify_checkpoints(self.store, self._active())
        return self._active()

    async def step(self) -> int:
        """Read and apply the next page of events; returns how many events the page held.

        Every step first checks the checkpoints against the store (`tail`); a store fault stops the
        models it concerns, and the step then returns 0."""
        self._follow_swaps()
        active = await self._verified()
        if not active:
            return 0
        try:
            page = await self.store.read_all(min(m.checkpoint for m in active), self.batch_size)
        except STORE_FAULTS as error:
            fail_all(active, error)
            return 0
        if page:
            await self._apply(page)
        if len(page) < self.batch_size:
            self.store_position = max(self.store_position, await self.store.last_position())
        return len(page)

    async def _apply(self, page: Sequence[RecordedEvent]) -> None:
        await _finishing(asyncio.to_thread(apply_page, self._active(), [recorded_from(e) for e in page], self.decoder))
        self.store_position = max(self.store_position, page[-1].position)
        if self.healing is not None:
            self.healing.applied(self.models)
            self.healing.store_read()
        if self.on_page is not None:
            self.on_page(page)
        async with self._progress:
            self._progress.notify_all()

    async def catch_up(self) -> None:
        """Apply every event the store holds now."""
        while await self.step():
            pass

    async def run(self) -> None:
        """Follow the store until cancelled, or until every model has stopped on a failure (with
        `heal`: until cancelled, a failed model trying again after a growing delay, a store that
        could not be read read again).

        One subscription from the lowest checkpoint delivers the events; every event available at
        once is applied as one page (up to `batch_size`). When a model stops, or a rebuild swaps one
        in (seen after a page, or after `idle_check` seconds without events), it subscribes again
        from the new lowest checkpoint.
        """
        while True:
            self._follow_swaps()
            healing = self.healing
            if healing is not None:
                self.models = healing.due(self.models, lambda m: self.place.open(m.projection))
            active = await self._verified()
            if not active:
                if healing is None:
                    return
                await asyncio.sleep(healing.next_in())
                continue
            try:
                await self._follow(active)
            except Exception as error:
                if healing is None:
                    raise
                delay = healing.store_failed(error)
                log.warning("reading the store failed (%s); trying again in %.1fs", error, delay)
                await asyncio.sleep(delay)

    def resume(self) -> None:
        """Let the models that stopped on a failure try again from their checkpoints."""
        for model in self.models:
            model.failure = None

    async def _follow(self, active: list[ModelStatus]) -> None:
        """Apply what one subscription delivers, until one of `active` stops or a model is swapped."""
        queue: asyncio.Queue[RecordedEvent | Exception] = asyncio.Queue(maxsize=self.batch_size * 2)
        pump = asyncio.create_task(self._pump(queue, min(m.checkpoint for m in active)))
        # asyncio.wait, not wait_for: in Python 3.11 wait_for swallows a cancellation that comes as
        # the item arrives, and a cancelled runner would then wait on for ever
        getter: asyncio.Future[RecordedEvent | Exception] | None = None
        try:
            while True:
                if getter is None:
                    getter = asyncio.ensure_future(queue.get())
                await asyncio.wait((getter,), timeout=self.idle_check)
                if not getter.done():  # idle: the store still holds the checkpoints?
                    self.store_position = max(self.store_position, await self.store.last_position())
                    if self.healing is not None:
                        self.healing.store_read()
                    await self._verified()
                else:
                    page = [getter.result()]
                    getter = None
                    while len(page) < self.batch_size and not queue.empty():
                        page.append(queue.get_nowait())
                    events = [e for e in page if not isinstance(e, Exception)]
                    if events:
                        await self._apply(events)
                    failed = next((e for e in page if isinstance(e, Exception)), None)
                    if isinstance(failed, STORE_FAULTS):
                        fail_all(active, failed)
                    elif failed is not None:
                        raise RuntimeError("the store subscription stopped") from failed
                if any(m.failure is not None for m in active) or any(self.place.swapped(m) for m in self.models):
                    return
                if self.healing is not None and self.healing.any_due():
                    return
        finally:
            for task in (getter, pump):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task

    async def _pump(self, queue: asyncio.Queue[RecordedEvent | Exception], after: int) -> None:
        try:
            async for recorded in self.store.subscribe(after=after, page_size=self.batch_size):
                await queue.put(recorded)
            await queue.put(RuntimeError("the subscription ended"))
        except Exception as error:
            await queue.put(error)

    def checkpoint(self) -> int:
        """The lowest checkpoint of the models still running (all of them when none failed)."""
        return min((m.checkpoint for m in self._active()), default=0)

    async def wait_for(self, position: int, timeout: float) -> bool:  # noqa: ASYNC109
        """Wait until every running model has applied `position`; False on timeout."""

        def reached() -> bool:
            active = self._active()
            return not active or min(m.checkpoint for m in active) >= position

        return await self.wait_until(reached, timeout)

    async def wait_until(self, reached: Callable[[], bool], timeout: float) -> bool:  # noqa: ASYNC109
        """Wait, page after page, until `reached()` is true; False on timeout."""
        if reached():
            return True
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
