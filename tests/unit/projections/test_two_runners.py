"""Two runners on the same read-model files: the checkpoint guard makes the second harmless."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from niangjia_contracts import DomainEvent
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.projection import ModelFiles, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder

from tests.unit.projections.harness import (
    Recorded,
    append_all,
    corrected,
    dump,
    founded,
    held,
    inspected,
    opened,
    retracted,
)


def history() -> list[Recorded]:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    events: list[DomainEvent] = [founded("f1"), founded("f2", guided_by="f1"), opened("m1", "f1")]
    for n in range(12):
        events.append(held(f"a{n}", "f1" if n % 2 else "f2", f"2024-0{1 + n % 6}-1{n % 9}"))
    events += [corrected("a3", "f1", "2024-04-13", people=99), retracted("a4"), inspected("f2", "2024-05-02", "weak")]
    return [Recorded(start + timedelta(hours=n), event) for n, event in enumerate(events)]


def test_two_runners_interleaved_on_one_folder_build_what_one_runner_builds(tmp_path: Path) -> None:
    shared, alone = ModelFiles(tmp_path / "shared"), ModelFiles(tmp_path / "alone")

    async def go() -> tuple[list[ProjectionRunner], ProjectionRunner]:
        clock = [datetime(2024, 1, 1, tzinfo=UTC)]
        store = InMemoryEventStore(clock=lambda: clock[0])
        await append_all(store, history(), clock)
        first = ProjectionRunner(store, shared, all_projections(), contracts_decoder(), batch_size=2)
        second = ProjectionRunner(store, shared, all_projections(), contracts_decoder(), batch_size=3)
        first.open()
        second.open()  # both at checkpoint 0, on the same files
        assert [m.path for m in first.models] == [m.path for m in second.models]
        while await first.step() + await second.step():
            pass
        one = ProjectionRunner(store, alone, all_projections(), contracts_decoder(), batch_size=5)
        one.open()
        await one.catch_up()
        return [first, second], one

    runners, one = asyncio.run(go())
    last = len(history())
    for runner in [*runners, one]:
        assert all(s["failure"] is None and s["checkpoint"] == last for s in runner.status()), runner.status()
        runner.close()
    assert dump(shared) == dump(alone)
    # each event counted once in the file, however many runners saw it
    audit = shared.current("audit")
    assert audit is not None
    with contextlib.closing(sqlite3.connect(audit)) as conn:
        assert conn.execute("SELECT position, applied FROM _projection").fetchone() == (last, last)


def test_a_runner_behind_takes_over_the_checkpoint_it_finds_and_applies_nothing_twice(tmp_path: Path) -> None:
    files = ModelFiles(tmp_path)

    async def go() -> ProjectionRunner:
        clock = [datetime(2024, 1, 1, tzinfo=UTC)]
        store = InMemoryEventStore(clock=lambda: clock[0])
        await append_all(store, history(), clock)
        ahead = ProjectionRunner(store, files, all_projections(), contracts_decoder())
        behind = ProjectionRunner(store, files, all_projections(), contracts_decoder(), batch_size=4)
        ahead.open()
        behind.open()
        await ahead.catch_up()
        ahead.close()
        assert await behind.step() == 4  # read a page it believed new; the file already had it
        return behind

    behind = asyncio.run(go())
    assert {s["checkpoint"] for s in behind.status()} == {len(history())}
    assert all(s["failure"] is None for s in behind.status())
    behind.close()
