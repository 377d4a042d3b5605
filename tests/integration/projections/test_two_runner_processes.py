"""Two projection runner processes on one store and one read-model folder at once, while events
are appended: the read models are exactly those one runner builds (issue 8)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from niangjia_contracts import DomainEvent
from niangjia_eventstore import StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.projection import ModelFiles
from niangjia_projections.live import catch_up_read_models
from niangjia_projections.settings import ProjectionsSettings

from tests.unit.projections.harness import corrected, dump, founded, held, inspected, new_event, opened, retracted

FOLLOW = """
import asyncio, json, sys
from pathlib import Path
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_kit.projection import ModelFiles, ProjectionRunner

async def follow(store_path: str, directory: str, target: int, batch: int) -> None:
    store = SQLiteEventStore(store_path, poll_interval=0.005)
    runner = ProjectionRunner(
        store, ModelFiles(Path(directory)), all_projections(), contracts_decoder(), batch_size=batch, idle_check=0.05
    )
    runner.open()
    print("ready", flush=True)
    task = asyncio.create_task(runner.run())
    reached = await runner.wait_for(target, 120)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    print(json.dumps({"reached": reached, "status": runner.status()}), flush=True)
    runner.close()
    await store.close()

asyncio.run(follow(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
"""


def events() -> list[DomainEvent]:
    out: list[DomainEvent] = [founded(f"f{n}", guided_by="f0" if n else None) for n in range(6)]
    out += [opened(f"m{n}", f"f{n % 6}") for n in range(4)]
    for n in range(60):
        out.append(held(f"a{n}", f"f{n % 6}", f"2024-{1 + n % 12:02d}-0{1 + n % 9}", people=n))
        if n % 7 == 3:
            out.append(corrected(f"a{n}", f"f{n % 6}", f"2024-{1 + n % 12:02d}-0{1 + n % 9}", people=n + 100))
        if n % 11 == 5:
            out.append(retracted(f"a{n}"))
        if n % 13 == 0:
            out.append(inspected(f"f{n % 6}", "2024-06-01", "active"))
    return out


def test_two_runner_processes_on_one_folder_build_what_one_runner_builds(tmp_path: Path) -> None:
    store_path, shared = tmp_path / "events.db", tmp_path / "shared"
    history = events()
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = SQLiteEventStore(store_path, clock=lambda: clock[0])
    half = len(history) // 2
    for event in history[:half]:  # some history before the runners start, the rest while they run
        clock[0] += timedelta(minutes=7)
        store.append_sync(event.stream_id, [new_event(event)], StreamState.ANY)
    runners = [
        subprocess.Popen(
            [sys.executable, "-c", FOLLOW, str(store_path), str(shared), str(len(history)), str(batch)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for batch in (1, 3)
    ]
    try:
        for runner in runners:
            assert runner.stdout is not None and runner.stdout.readline().strip() == "ready"
        for event in history[half:]:
            clock[0] += timedelta(minutes=7)
            store.append_sync(event.stream_id, [new_event(event)], StreamState.ANY)
        outputs = [runner.communicate(timeout=180)[0] for runner in runners]
    finally:
        for runner in runners:
            runner.kill()
        store.close_sync()
    for output in outputs:
        result = json.loads(output.strip().splitlines()[-1])
        assert result["reached"], result
        assert all(s["failure"] is None for s in result["status"]), result["status"]

    alone = ModelFiles(tmp_path / "alone")

    catch_up_read_models(
        ProjectionsSettings(data_dir=tmp_path, store_url=f"sqlite:///{store_path}", read_models_dir=alone.directory)
    )
    assert dump(ModelFiles(shared)) == dump(alone)
