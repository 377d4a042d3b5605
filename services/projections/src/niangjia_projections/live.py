"""The service's live runner: its read models kept up to date from the store, event by event, by the
kit's runner (`niangjia_kit.projection`); and `catch-up`, the same brought to the store's end once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from niangjia_eventstore import EventStore
from niangjia_kit.projection import ModelFiles, Projection, ProjectionRunner

from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.settings import ProjectionsSettings


def live_runner(
    store: EventStore,
    settings: ProjectionsSettings,
    projections: Sequence[Projection] | None = None,
    *,
    batch_size: int | None = None,
) -> ProjectionRunner:
    """The runner of `projections` (default: every read model) in the settings' read-model folder."""
    return ProjectionRunner(
        store,
        ModelFiles(settings.read_models_path),
        all_projections() if projections is None else projections,
        contracts_decoder(),
        batch_size=batch_size or settings.projection_batch_size,
    )


def catch_up_read_models(
    settings: ProjectionsSettings, *, batch_size: int | None = None, on_batch: Callable[[int], None] | None = None
) -> int:
    """Bring every read model up to the store's current end, in place; returns the checkpoint."""
    from niangjia_eventstore.factory import open_store

    async def go() -> int:
        store = open_store(settings.store)
        runner = live_runner(store, settings, batch_size=batch_size)
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
