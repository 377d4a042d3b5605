"""The service's live runner: its read models kept up to date from the store, event by event, by the
kit's runner (`niangjia_kit.projection`); and `catch-up`, the same brought to the store's end once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence

from niangjia_eventstore import EventStore
from niangjia_kit.projection import ModelFiles, Projection, ProjectionRunner
from niangjia_kit.projection.healing import RETRY_FIRST, RETRY_MAX
from niangjia_ledger.runner import Ledger
from niangjia_ledger.service import open_ledger

from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.settings import ProjectionsSettings

log = logging.getLogger("niangjia.projections")


def live_runner(
    store: EventStore,
    settings: ProjectionsSettings,
    projections: Sequence[Projection] | None = None,
    *,
    batch_size: int | None = None,
    heal: bool = False,
) -> ProjectionRunner:
    """The runner of `projections` (default: every read model) in the settings' read-model folder;
    with `heal`, a model that stopped on a fault tries again by itself (niangjia_kit.projection.healing)."""
    return ProjectionRunner(
        store,
        ModelFiles(settings.read_models_path),
        all_projections() if projections is None else projections,
        contracts_decoder(),
        batch_size=batch_size or settings.projection_batch_size,
        heal=heal,
    )


class LiveLedger:
    """The ledger runner (niangjia_ledger) over the store, running: signs a checkpoint at least once
    every `ledger_interval` seconds while events arrive; its file and key in the data folder. When it
    fails (a full disk, a read-only file), it is opened afresh from its file and tries again after a
    growing delay, so it resumes by itself once the fault is gone; `error` says why while it waits."""

    def __init__(self, store: EventStore, settings: ProjectionsSettings) -> None:
        self.store = store
        self.settings = settings
        self.ledger: Ledger | None = None
        self.error: str | None = None

    async def open(self) -> Ledger:
        settings = self.settings
        self.ledger = await asyncio.to_thread(
            open_ledger,
            self.store,
            settings.data_dir,
            key_file=settings.ledger_key_file,
            log_id=settings.ledger_log_id,
            interval=settings.ledger_interval,
        )
        return self.ledger

    async def run(self) -> None:
        delay = RETRY_FIRST
        while True:
            try:
                ledger = self.ledger if self.ledger is not None else await self.open()
                self.error = None
                delay = RETRY_FIRST
                await ledger.run(asyncio.Event())
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.error = f"{type(error).__name__}: {error}"
                log.exception("the ledger stopped; trying again in %.1fs", delay)
                self.close()
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)

    def close(self) -> None:
        ledger, self.ledger = self.ledger, None
        if ledger is not None:
            with contextlib.suppress(Exception):
                ledger.state.close()


async def live_ledger(store: EventStore, settings: ProjectionsSettings) -> tuple[LiveLedger, asyncio.Task[None]]:
    """The ledger runner over the store, opened and running (`LiveLedger`)."""
    given = settings.ledger_key_file
    if given is not None and not given.is_file():  # a secret that was not put in place: never make one there
        raise RuntimeError(f"NIANGJIA_LEDGER_KEY_FILE: {given} is not a file (create it: niangjia ledger key)")
    live = LiveLedger(store, settings)
    await live.open()
    return live, asyncio.create_task(live.run(), name="ledger")


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
