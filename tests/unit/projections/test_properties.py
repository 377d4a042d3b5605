"""For random valid histories: a rebuild from scratch equals the live incremental run, and a run
killed (SIGKILL) at a random point then restarted equals it too."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_contracts import DomainEvent
from niangjia_eventstore import StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.projection import ModelFiles, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.rebuild.build import rebuild

from tests.unit.projections.harness import (
    REGION,
    Recorded,
    corrected,
    dissolved,
    dump,
    founded,
    held,
    inspected,
    new_event,
    opened,
    retracted,
)

REGIONS = (REGION + "/湖塘镇", REGION + "/牛塘镇", "浙江省/温州市/乐清市")
DOMAINS = ("non_public_enterprise", "industrial_park", "market", "emerging_industry", "residential_community")
DAYS = [f"2024-{m:02d}-{d:02d}" for m in range(1, 13) for d in (3, 17)]


@st.composite
def histories(draw: st.DrawFn) -> list[Recorded]:
    """A valid history: ids refer to things founded before, nothing ends twice."""
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    federations: list[str] = []
    open_feds: set[str] = set()
    activities: dict[str, tuple[str, str]] = {}
    history: list[Recorded] = []
    for n in range(draw(st.integers(3, 30))):
        moment += timedelta(hours=draw(st.integers(0, 24 * 40)))
        choice = draw(
            st.sampled_from(["found", "found", "inspect", "dissolve", "open", "hold", "hold", "correct", "retract"])
        )
        day = draw(st.sampled_from(DAYS))
        event: DomainEvent
        if choice == "found" or not federations:
            fid = f"f{n}"
            guide = draw(st.sampled_from([None, *federations]))
            event = founded(
                fid,
                domain=draw(st.sampled_from(DOMAINS)),
                on=day,
                region=draw(st.sampled_from(REGIONS)),
                guided_by=guide,
            )
            federations.append(fid)
            open_feds.add(fid)
        elif choice == "inspect":
            event = inspected(
                draw(st.sampled_from(federations)), day, draw(st.sampled_from(["active", "weak", "dormant"]))
            )
        elif choice == "dissolve" and open_feds:
            fid = draw(st.sampled_from(sorted(open_feds)))
            open_feds.discard(fid)
            event = dissolved(fid, day)
        elif choice == "open":
            event = opened(f"m{n}", draw(st.sampled_from(federations)), on=day)
        elif choice == "correct" and activities:
            aid = draw(st.sampled_from(sorted(activities)))
            organiser, _ = activities[aid]
            event = corrected(
                aid, organiser, day, people=draw(st.integers(0, 500)), goods=f"{draw(st.integers(0, 10**6))}.05"
            )
            activities[aid] = (organiser, day)
        elif choice == "retract" and activities:
            aid = draw(st.sampled_from(sorted(activities)))
            del activities[aid]
            event = retracted(aid)
        else:
            aid = f"a{n}"
            organiser = draw(st.sampled_from(federations))
            event = held(aid, organiser, day, people=draw(st.integers(0, 500)), campaign=draw(st.booleans()))
            activities[aid] = (organiser, day)
        history.append(Recorded(moment, event))
    return history


def _live_incremental(tmp: Path, history: list[Recorded], batch: int, chunk: int) -> ModelFiles:
    files = ModelFiles(tmp / "live")
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = SQLiteEventStore(tmp / "events.db", synchronous="OFF", clock=lambda: clock[0])

    async def go() -> None:
        runner = ProjectionRunner(store, files, all_projections(), contracts_decoder(), batch_size=batch)
        runner.open()
        try:
            for start in range(0, len(history), chunk):
                for item in history[start : start + chunk]:
                    clock[0] = item.moment
                    await store.append(item.event.stream_id, [new_event(item.event)], StreamState.ANY)
                await runner.catch_up()
        finally:
            runner.close()
            await store.close()

    asyncio.run(go())
    return files


def _rebuilt(tmp: Path) -> ModelFiles:
    files = ModelFiles(tmp / "rebuilt")
    store = SQLiteEventStore(tmp / "events.db")

    async def go() -> None:
        try:
            await rebuild(store, files, all_projections(), contracts_decoder(), batch_size=1000)
        finally:
            await store.close()

    asyncio.run(go())
    return files


@settings(max_examples=10, deadline=None)
@given(history=histories(), batch=st.integers(1, 5), chunk=st.integers(1, 8))
def test_rebuilding_from_scratch_gives_the_read_models_the_live_run_built(
    history: list[Recorded], batch: int, chunk: int
) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        live = _live_incremental(tmp, history, batch, chunk)
        assert dump(_rebuilt(tmp)) == dump(live)


@settings(max_examples=4, deadline=None)
@given(history=histories(), kill_after=st.integers(1, 25))
def test_a_run_killed_at_a_random_point_then_restarted_gives_the_same_read_models(
    history: list[Recorded], kill_after: int
) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        live = _live_incremental(tmp, history, batch=1000, chunk=len(history))
        env = {
            **os.environ,
            "NIANGJIA_DATA_DIR": str(tmp / "killed"),
            "NIANGJIA_STORE_URL": f"sqlite:///{tmp / 'events.db'}",
        }
        argv = [sys.executable, "-m", "niangjia_projections.main", "catch-up", "--batch-size", "1", "--trace"]
        process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        for _ in range(kill_after):
            if not process.stdout.readline():
                break
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        done = subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr.decode()
        assert dump(ModelFiles(tmp / "killed" / "read-models")) == dump(live)
