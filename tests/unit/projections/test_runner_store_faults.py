"""The runner checks its checkpoints against the store: a store that lost or changed its tail stops
every model with `store_regressed`, an event whose bytes changed stops them with `event_corrupted`
at its position, and a checkpoint file written before checkpoints named their event still opens."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from niangjia_eventstore import EventStore, SQLiteEventStore, StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.projection import ModelFiles, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder

from tests.support.sqlite_files import run_sql
from tests.unit.projections.harness import founded, new_event


async def _found(store: EventStore, *ids: str) -> None:
    for federation in ids:
        await store.append(f"federation-{federation}", [new_event(founded(federation))], StreamState.NO_STREAM)


async def _run(store: EventStore, folder: Path) -> list[dict[str, Any]]:
    runner = ProjectionRunner(store, ModelFiles(folder), all_projections(), contracts_decoder())
    runner.open()
    try:
        await runner.catch_up()
        return runner.status()
    finally:
        runner.close()


def test_a_truncated_store_stops_every_model_with_store_regressed(tmp_path: Path) -> None:
    path = tmp_path / "events.db"

    async def go() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        async with SQLiteEventStore(path) as store:
            await _found(store, "f1", "f2", "f3")
            first = await _run(store, tmp_path / "models")
        run_sql(path, "DELETE FROM events WHERE position > 1")
        async with SQLiteEventStore(path) as store:
            return first, await _run(store, tmp_path / "models")

    first, after = asyncio.run(go())
    assert all(s["checkpoint"] == 3 and s["failure"] is None for s in first)
    assert {s["status"] for s in after} == {"failed"}
    assert {s["failure"]["code"] for s in after} == {"store_regressed"}
    assert {s["failure"]["position"] for s in after} == {3}
    assert all(s["checkpoint"] == 3 for s in after)


def test_a_store_holding_other_events_at_the_checkpoint_is_found(tmp_path: Path) -> None:
    async def go() -> list[dict[str, Any]]:
        await _run(await _stored(InMemoryEventStore(), "f1", "f2"), tmp_path)
        return await _run(await _stored(InMemoryEventStore(), "g1", "g2", "g3"), tmp_path)

    after = asyncio.run(go())
    assert {s["failure"]["code"] for s in after} == {"store_regressed"}
    assert all("position 2" in s["failure"]["message"] for s in after)


async def _stored(store: InMemoryEventStore, *ids: str) -> InMemoryEventStore:
    await _found(store, *ids)
    return store


def test_a_changed_byte_stops_every_model_at_its_position_with_event_corrupted(tmp_path: Path) -> None:
    path = tmp_path / "events.db"

    async def go() -> list[dict[str, Any]]:
        async with SQLiteEventStore(path) as store:
            await _found(store, "f1", "f2", "f3")
            run_sql(
                path,
                "UPDATE events SET data = CAST(replace(CAST(data AS TEXT), 'f2', 'f9') AS BLOB) WHERE position = 2",
            )
            return await _run(store, tmp_path / "models")

    after = asyncio.run(go())
    assert {s["failure"]["code"] for s in after} == {"event_corrupted"}
    assert {s["failure"]["position"] for s in after} == {2}
    assert all(s["checkpoint"] < 2 for s in after)


def test_checkpoints_written_before_they_named_their_event_still_open_and_are_checked(tmp_path: Path) -> None:
    folder = tmp_path / "models"

    async def go() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        store = await _stored(InMemoryEventStore(), "f1", "f2")
        await _run(store, folder)
        for model in (p for p in folder.rglob("*.db") if not p.is_symlink()):
            run_sql(model, "ALTER TABLE _projection DROP COLUMN event_id")
        await _found(store, "f3")
        again = await _run(store, folder)
        return again, await _run(await _stored(InMemoryEventStore(), "g1"), folder)

    again, shorter = asyncio.run(go())
    assert all(s["checkpoint"] == 3 and s["failure"] is None for s in again)
    assert {s["failure"]["code"] for s in shorter} == {"store_regressed"}
