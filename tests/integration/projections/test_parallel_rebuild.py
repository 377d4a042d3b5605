"""A rebuild from a store URL builds the read models in two processes and swaps them in together:
the same read models as the live runner, and a failure keeps the old copy of the model it hit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from niangjia_contracts import DomainEvent
from niangjia_eventstore import NewEvent, StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.projection import ModelFiles, recorded_from, uuid_text
from niangjia_projections.live import catch_up_read_models
from niangjia_projections.models import all_projections
from niangjia_projections.rebuild.build import RebuildFailed
from niangjia_projections.rebuild.raw import store_file_reader
from niangjia_projections.rebuild.read_models import groups_for, rebuild_read_models
from niangjia_projections.settings import ProjectionsSettings

from tests.unit.projections.harness import corrected, dump, founded, held, inspected, new_event, opened, retracted


def _store(path: Path) -> None:
    history: list[DomainEvent] = [
        founded("f0"),
        founded("f1", guided_by="f0"),
        opened("m0", "f1"),
        inspected("f1", "2024-03-01", "weak"),
    ]
    for n in range(30):
        history.append(held(f"a{n}", f"f{n % 2}", f"2024-{1 + n % 12:02d}-05", people=n, goods=f"{n}.50"))
    history += [corrected("a3", "f1", "2024-04-05", people=7), retracted("a4")]
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = SQLiteEventStore(path, clock=lambda: clock[0])
    for event in history:
        clock[0] += timedelta(hours=5)
        store.append_sync(event.stream_id, [new_event(event)], StreamState.ANY)
    store.close_sync()


def _live(store_path: Path, files: ModelFiles) -> None:
    """What the live runner builds: every model caught up with the store, in pages of four events."""
    settings = ProjectionsSettings(
        data_dir=store_path.parent, store_url=f"sqlite:///{store_path}", read_models_dir=files.directory
    )
    catch_up_read_models(settings, batch_size=4)


def test_the_models_are_grouped_for_two_processes() -> None:
    # the heaviest first (activities keeps the campaign aggregates), each group balanced by weight
    groups = groups_for(all_projections(), 2)
    assert [[p.name for p in g] for g in groups] == [["activities"], ["audit", "organisations", "members"]]
    assert [[p.name for p in g] for g in groups_for(all_projections(), 1)] == [
        ["activities", "audit", "organisations", "members"]
    ]
    assert [[p.name for p in g] for g in groups_for(all_projections(), 3)] == [
        ["activities"],
        ["audit"],
        ["organisations", "members"],
    ]


def test_a_rebuild_in_two_processes_equals_the_live_run(tmp_path: Path) -> None:
    _store(tmp_path / "events.db")
    _live(tmp_path / "events.db", ModelFiles(tmp_path / "live"))
    settings = ProjectionsSettings(data_dir=tmp_path)
    _live(tmp_path / "events.db", ModelFiles(settings.read_models_path))  # the copies the rebuild replaces
    before = {name: ModelFiles(settings.read_models_path).current(name) for name in ("audit", "activities")}
    report = rebuild_read_models(settings, processes=2)
    assert report.processes == 2 and report.events == 36 and report.position == 36
    files = ModelFiles(settings.read_models_path)
    assert all(files.current(name) != old and old is not None and not old.exists() for name, old in before.items())
    assert dump(files) == dump(ModelFiles(tmp_path / "live"))
    current = [files.current(n) for n in ("organisations", "activities", "audit", "members")]
    links = ["organisations.db", "activities.db", "audit.db", "members.db"]
    assert sorted(p.name for p in settings.read_models_path.glob("*.db")) == sorted(
        [p.name for p in current if p] + links
    )


def test_a_model_that_fails_in_the_worker_keeps_its_old_copy_and_leaves_no_fresh_file(tmp_path: Path) -> None:
    _store(tmp_path / "events.db")
    store = SQLiteEventStore(tmp_path / "events.db")
    bad = NewEvent(event_id=uuid.uuid4(), type="CareActivityHeld", data=b'{"activity_id": 1}', metadata=b"{}")
    store.append_sync("care_activity-bad", [bad], StreamState.ANY)
    store.close_sync()
    settings = ProjectionsSettings(data_dir=tmp_path)
    files = ModelFiles(settings.read_models_path)
    with pytest.raises(RuntimeError, match=r"activities: .*position': 37"):  # the live runner stops there too
        _live(tmp_path / "events.db", files)
    old = {name: files.current(name) for name in ("organisations", "activities", "audit")}
    with pytest.raises(RebuildFailed, match="activities stopped at position 37"):
        rebuild_read_models(settings, processes=2)
    # audit also stops at the bad event; organisations does not take its type and is swapped in
    assert files.current("activities") == old["activities"] and files.current("audit") == old["audit"]
    assert files.current("organisations") != old["organisations"]
    assert len(files.generations("activities")) == 1 and len(files.generations("audit")) == 1


def test_the_store_file_reader_reads_what_the_port_reads(tmp_path: Path) -> None:
    store_path = tmp_path / "events.db"
    _store(store_path)
    store = SQLiteEventStore(store_path)
    reader = store_file_reader(store)
    assert reader is not None
    try:
        for after, limit in ((0, 1000), (0, 7), (5, 3), (30, 100), (1000, 10)):
            port = [recorded_from(e) for e in store.read_all_sync(after, limit)]
            assert reader.read_all(after, limit) == port
        first = store.read_all_sync(0, 1)[0]
        assert uuid_text(reader.read_all(0, 1)[0].event_id) == str(first.event_id)
    finally:
        reader.close()
        store.close_sync()
    assert store_file_reader(InMemoryEventStore()) is None
