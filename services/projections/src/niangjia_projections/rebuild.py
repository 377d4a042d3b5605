"""Rebuild read models from position 0 into fresh files and swap them in whole.

`rebuild_read_models` is what the `niangjia` CLI and `niangjia-projections rebuild` call; a running
service keeps answering from the old files until the swap and then reopens the new ones.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from niangjia_eventstore import EventStore

from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.runner import ModelFiles, Projection, ProjectionRunner
from niangjia_projections.runner.runner import rebuild
from niangjia_projections.settings import ProjectionsSettings

Progress = Callable[[int, int, int], None]


@dataclass(frozen=True, slots=True)
class RebuildReport:
    models: tuple[str, ...]
    events: int
    position: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def select(names: Sequence[str] | None) -> list[Projection]:
    projections = all_projections()
    if not names:
        return projections
    known = {p.name: p for p in projections}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown read model {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]


def _open_store(url: str) -> EventStore:
    from niangjia_eventstore.factory import open_store

    return open_store(url)


async def rebuild_models(
    store: EventStore,
    files: ModelFiles,
    names: Sequence[str] | None = None,
    *,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> RebuildReport:
    projections = select(names)
    started = time.perf_counter()
    events = 0
    position = 0

    def track(done: int, at: int, last: int) -> None:
        nonlocal events, position
        events, position = done, at
        if progress is not None:
            progress(done, at, last)

    await rebuild(store, files, projections, contracts_decoder(), batch_size=batch_size, progress=track)
    return RebuildReport(tuple(p.name for p in projections), events, position, time.perf_counter() - started)


def rebuild_read_models(
    settings: ProjectionsSettings,
    names: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    batch_size: int = 2000,
) -> RebuildReport:
    """Rebuild `names` (default: every read model) of the service configured by `settings`."""

    async def go() -> RebuildReport:
        store = _open_store(settings.store)
        try:
            return await rebuild_models(
                store, ModelFiles(settings.read_models_path), names, batch_size=batch_size, progress=progress
            )
        finally:
            await store.close()

    return asyncio.run(go())


def catch_up_read_models(
    settings: ProjectionsSettings, *, batch_size: int | None = None, on_batch: Callable[[int], None] | None = None
) -> int:
    """Bring every read model up to the store's current end, in place; returns the checkpoint."""

    async def go() -> int:
        store = _open_store(settings.store)
        runner = ProjectionRunner(
            store,
            ModelFiles(settings.read_models_path),
            all_projections(),
            contracts_decoder(),
            batch_size=batch_size or settings.projection_batch_size,
        )
        try:
            runner.open()
            while await runner.step():
                if on_batch is not None:
                    on_batch(runner.checkpoint())
            failed = [s for s in runner.status() if s["failure"]]
            if failed:
                raise RuntimeError("; ".join(f"{s['name']}: {s['failure']}" for s in failed))
            return runner.checkpoint()
        finally:
            runner.close()
            await store.close()

    return asyncio.run(go())
