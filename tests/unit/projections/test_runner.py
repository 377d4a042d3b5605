"""The runner: unknown types skipped and counted, undecodable events stop a model at their
position, rebuilds swapped in whole while readers keep the old copy."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from niangjia_eventstore import NewEvent, StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.projection import ModelFiles, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.models.common import ReadModels
from niangjia_projections.rebuild.build import RebuildFailed, rebuild
from niangjia_projections.receipts import read_marks

from tests.unit.projections.harness import Recorded, append_all, at, dump, founded, held, new_event


def _raw(type_: str, data: bytes, metadata: bytes = b'{"schema_version": 1}') -> NewEvent:
    return NewEvent(event_id=uuid.uuid4(), type=type_, data=data, metadata=metadata)


async def _store_with(history: list[Recorded], extra: list[tuple[str, NewEvent]] = ()) -> InMemoryEventStore:  # type: ignore[assignment]
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = InMemoryEventStore(clock=lambda: clock[0])
    await append_all(store, history, clock)
    for stream, event in extra:
        await store.append(stream, [event], StreamState.ANY)
    return store


def test_unknown_event_types_are_skipped_and_counted_and_audited(tmp_path: Path) -> None:
    async def go() -> list[dict[str, object]]:
        store = await _store_with(
            [Recorded(at("2024-01-02"), founded("f1"))],
            [("federation-f1", _raw("FederationRenamed", b'{"federation_id": "f1"}'))],
        )
        await store.append("federation-f2", [new_event(founded("f2"))], StreamState.ANY)
        runner = ProjectionRunner(store, ModelFiles(tmp_path), all_projections(), contracts_decoder())
        runner.open()
        await runner.catch_up()
        status = runner.status()
        runner.close()
        return status

    status = {s["name"]: s for s in asyncio.run(go())}
    assert all(s["checkpoint"] == 3 and s["failure"] is None for s in status.values())
    assert status["organisations"]["skipped_unknown"] == 1
    assert status["organisations"]["applied"] == 2
    assert status["audit"]["applied"] == 3
    models = ReadModels(ModelFiles(tmp_path))
    with models.connect("audit") as conn:
        assert [r[0] for r in conn.execute("SELECT event_type FROM audit_event ORDER BY position")] == [
            "FederationFounded",
            "FederationRenamed",
            "FederationFounded",
        ]


def test_an_undecodable_event_stops_the_models_that_need_it_at_its_position(tmp_path: Path) -> None:
    async def go() -> list[dict[str, object]]:
        store = await _store_with(
            [Recorded(at("2024-01-02"), founded("f1"))],
            # a recognition: the organisations model and the audit need it, the activities model does not
            [("federation-f1", _raw("FederationRecognised", b'{"federation_id": 12}'))],
        )
        await store.append("care_activity-a1", [new_event(held("a1", "f1", "2024-01-05"))], StreamState.ANY)
        runner = ProjectionRunner(store, ModelFiles(tmp_path), all_projections(), contracts_decoder())
        runner.open()
        await runner.catch_up()
        await runner.catch_up()  # a second pass does not skip past the bad event
        status = runner.status()
        runner.close()
        return status

    status = {s["name"]: s for s in asyncio.run(go())}
    failure = status["organisations"]["failure"]
    assert isinstance(failure, dict)
    assert failure["position"] == 2 and failure["event_type"] == "FederationRecognised"
    assert "does not decode" in str(failure["message"])
    assert status["organisations"]["checkpoint"] == 1
    assert status["audit"]["checkpoint"] == 1 and status["audit"]["failure"] is not None
    assert status["activities"]["failure"] is None and status["activities"]["checkpoint"] == 3


def test_a_rebuild_equals_the_live_run_and_is_swapped_in_whole(tmp_path: Path) -> None:
    history = [Recorded(at(f"2024-01-{d:02d}"), founded(f"f{d}")) for d in range(1, 20)]
    live, rebuilt = ModelFiles(tmp_path / "live"), ModelFiles(tmp_path / "rebuilt")

    async def go() -> None:
        store = await _store_with(history)
        runner = ProjectionRunner(store, live, all_projections(), contracts_decoder(), batch_size=2)
        runner.open()
        await runner.catch_up()
        runner.close()
        runner = ProjectionRunner(store, rebuilt, all_projections(), contracts_decoder(), batch_size=7)
        runner.open()  # an empty copy, replaced whole by the rebuild below
        old_path = rebuilt.current("organisations")
        reader = ReadModels(rebuilt)
        with reader.connect("organisations") as conn:
            assert conn.execute("SELECT count(*) FROM org").fetchone()[0] == 0
            await rebuild(store, rebuilt, all_projections(), contracts_decoder(), batch_size=5)
            # the reader that opened before the swap still answers from the old copy
            assert conn.execute("SELECT count(*) FROM org").fetchone()[0] == 0
        with reader.connect("organisations") as conn:
            assert conn.execute("SELECT count(*) FROM org").fetchone()[0] == 19
        assert rebuilt.current("organisations") != old_path
        assert old_path is not None and not old_path.exists()
        # the live runner follows the swap
        await store.append("federation-f99", [new_event(founded("f99"))], StreamState.ANY)
        await runner.catch_up()
        assert runner.models[0].path == rebuilt.current("organisations")
        assert runner.models[0].checkpoint == 20
        runner.close()

    asyncio.run(go())
    before = dump(live)
    after = dump(rebuilt)
    assert after["organisations.org"][:19] == before["organisations.org"]


def test_a_rebuild_that_fails_keeps_the_old_copy(tmp_path: Path) -> None:
    files = ModelFiles(tmp_path)

    async def go() -> None:
        store = await _store_with(
            [Recorded(at("2024-01-02"), founded("f1"))], [("federation-f9", _raw("FederationFounded", b"{}"))]
        )
        runner = ProjectionRunner(store, files, all_projections(), contracts_decoder())
        runner.open()
        runner.close()
        with pytest.raises(RebuildFailed, match="position 2"):
            await rebuild(store, files, all_projections()[:1], contracts_decoder())

    old = None
    asyncio.run(go())
    old = files.current("organisations")
    assert old is not None and files.generations("organisations") == [old]
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT position FROM _projection").fetchone() == (0,)
    conn.close()


def _run_over(tmp_path: Path, activities: int) -> ModelFiles:
    """The models built by a runner over a federation founded, then `activities` activities."""

    async def go() -> None:
        store = await _store_with([Recorded(at("2024-01-02"), founded("f1"))])
        runner = ProjectionRunner(store, ModelFiles(tmp_path), all_projections(), contracts_decoder())
        runner.open()
        await runner.catch_up()
        for n in range(activities):  # the organisations model does not take them
            await store.append(f"care_activity-a{n}", [new_event(held(f"a{n}", "f1", "2024-01-05"))], StreamState.ANY)
        await runner.catch_up()
        runner.close()

    asyncio.run(go())
    return ModelFiles(tmp_path)


def test_a_model_says_where_its_content_last_changed_as_the_log_moves_past_others_events(tmp_path: Path) -> None:
    models = ReadModels(_run_over(tmp_path, activities=3))
    with models.connect_on("organisations", "activities") as (conn, _):
        assert read_marks(conn, ("organisations", "activities")) == (4, (1, 4))
    with models.connect_on("members") as (conn, _):
        assert read_marks(conn, ("members",)) == (4, (0,))  # nothing of its own yet


def test_a_model_file_written_before_changes_were_kept_answers_with_its_position(tmp_path: Path) -> None:
    files = _run_over(tmp_path, activities=0)
    current = files.current("organisations")
    assert current is not None
    with sqlite3.connect(current) as conn:
        conn.execute("ALTER TABLE _projection DROP COLUMN changed")
    with ReadModels(files).connect_on("organisations") as (conn, _):
        assert read_marks(conn, ("organisations",)) == (1, (1,))
    runner = ProjectionRunner(InMemoryEventStore(), files, all_projections(), contracts_decoder())
    runner.open()  # the runner adds the column back, empty until the model applies an event
    runner.close()
    with sqlite3.connect(current) as conn:
        assert conn.execute("SELECT position, changed FROM _projection").fetchone() == (1, None)
