"""A live runner that heals: a model that stopped on a fault (a full disk, here) tries again by
itself after a short delay and resumes from its checkpoint; without `heal` it stays stopped."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from niangjia_eventstore import StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.projection import Item, ModelFiles, Projection, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder

from tests.unit.projections.harness import Recorded, append_all, at, founded, new_event


class Flaky:
    """A read model whose first `failures` pages fail as on a full disk."""

    def __init__(self, inner: Projection, failures: int) -> None:
        self.inner = inner
        self.failures = failures
        self.name = inner.name
        self.version = inner.version
        self.event_types = inner.event_types

    def create(self, conn: sqlite3.Connection) -> None:
        self.inner.create(conn)

    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise sqlite3.OperationalError("database or disk is full")
        self.inner.apply(conn, items)


def _organisations() -> Projection:
    return next(p for p in all_projections() if p.name == "organisations")


async def _store() -> InMemoryEventStore:
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = InMemoryEventStore(clock=lambda: clock[0])
    await append_all(store, [Recorded(at("2024-01-02"), founded("f1"))], clock)
    return store


def test_a_model_stopped_by_a_fault_resumes_by_itself(tmp_path: Path) -> None:
    async def go() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        store = await _store()
        runner = ProjectionRunner(
            store, ModelFiles(tmp_path), [Flaky(_organisations(), failures=2)], contracts_decoder(), heal=True
        )
        runner.open()
        task = asyncio.create_task(runner.run())
        try:
            await asyncio.sleep(0.2)
            stopped = runner.status()
            await store.append("federation-f2", [new_event(founded("f2"))], StreamState.ANY)
            assert await runner.wait_until(lambda: runner.models[0].checkpoint == 2, timeout=10)
            return stopped, runner.status()
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            runner.close()

    stopped, resumed = asyncio.run(go())
    assert stopped[0]["failure"] is not None and "disk is full" in str(stopped[0]["failure"])
    assert resumed[0]["failure"] is None and resumed[0]["applied"] == 2


def test_without_heal_the_runner_stops_when_every_model_failed(tmp_path: Path) -> None:
    async def go() -> list[dict[str, object]]:
        store = await _store()
        runner = ProjectionRunner(store, ModelFiles(tmp_path), [Flaky(_organisations(), 1)], contracts_decoder())
        runner.open()
        try:
            await asyncio.wait_for(runner.run(), timeout=10)
            return runner.status()
        finally:
            runner.close()

    assert asyncio.run(go())[0]["failure"] is not None
