"""Orgs-to-activities registry lag: from a FederationFounded appended by another process to the
moment the activities service's organiser registry has committed it.

A writer process appends the events to a SQLite store file exactly as the orgs service does (one
append per command, durable commit); this process runs the activities service's registry feed
(`RegistryFeed` over its own `SQLiteEventStore` on the same file, `OrganiserRegistry` in its own
file) and notes when each checkpoint commits. Both sides read CLOCK_MONOTONIC, which is one clock
for every process on the machine. Prints p50, p99 and max over the events.

    .venv/bin/python bench/registry_lag_bench.py [--events 1000] [--interval-ms 5]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import multiprocessing
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from niangjia_activities.adapters.registry import OrganiserRegistry
from niangjia_activities.adapters.registry_feed import RegistryFeed
from niangjia_contracts import FederationFounded, encode_event, encode_metadata
from niangjia_contracts.envelope import EventMetadata
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from niangjia_kit.commands import command_id_for, event_id_for


def _founded(n: int) -> FederationFounded:
    return FederationFounded.model_validate(
        {
            "federation_id": f"bench-{n:05d}",
            "name": f"第{n}号企业妇联",
            "kind": "federation",
            "domain": "non_public_enterprise",
            "level": "village",
            "region": "江苏省/常州市/武进区/湖塘镇",
            "host_organisation": f"常州第{n}号科技有限公司",
            "founded_on": date(2024, 1 + n % 12, 1 + n % 28),
            "women_members": 20 + n % 100,
        }
    )


def _new_event(event: FederationFounded, n: int) -> NewEvent:
    command_id = command_id_for("bench", "found_federation", str(n))
    metadata = EventMetadata(
        schema_version=event.schema_version,
        occurred_on=event.founded_on,
        actor="bench",
        command_id=command_id,
        correlation_id=command_id,
        source="orgs",
    )
    return NewEvent(
        event_id=event_id_for(command_id, 0),
        type=event.event_type,
        data=encode_event(event),
        metadata=encode_metadata(metadata),
    )


def _write(db: str, count: int, interval: float, out: multiprocessing.Queue[list[tuple[int, float]]]) -> None:
    """The orgs side: append `count` federations, one command at a time, and report (position, appended at)."""

    async def run() -> list[tuple[int, float]]:
        appended = []
        async with SQLiteEventStore(db) as store:
            for n in range(count):
                event = _founded(n)
                result = await store.append(event.stream_id, [_new_event(event, n)], StreamState.NO_STREAM)
                appended.append((result.position, time.monotonic()))
                await asyncio.sleep(interval)
        return appended

    out.put(asyncio.run(run()))


async def _measure(folder: Path, count: int, interval: float) -> list[float]:
    db = folder / "events.db"
    commits: list[tuple[int, float]] = []
    async with SQLiteEventStore(db) as store:
        registry = OrganiserRegistry(folder / "activities-registry.db")
        feed = RegistryFeed(store, registry, on_commit=lambda checkpoint, at: commits.append((checkpoint, at)))
        task = asyncio.create_task(feed.run())
        await asyncio.sleep(0.2)  # the feed is following the (empty) store
        context = multiprocessing.get_context("spawn")
        results: multiprocessing.Queue[list[tuple[int, float]]] = context.Queue()
        writer = context.Process(target=_write, args=(str(db), count, interval, results))
        writer.start()
        appended = await asyncio.get_running_loop().run_in_executor(None, results.get)
        writer.join()
        if not await feed.wait_for(appended[-1][0], 30.0):
            raise SystemExit(f"the registry stopped at {feed.checkpoint}, short of {appended[-1][0]}")
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert registry.count() == count
        registry.close()
    checkpoints = [c for c, _ in commits]
    lags = []
    for position, at in appended:
        visible = commits[bisect.bisect_left(checkpoints, position)][1]
        lags.append(max(0.0, visible - at))
    return lags


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--interval-ms", type=float, default=5.0, help="pause between the writer's appends")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="registry-lag-") as folder:
        lags = asyncio.run(_measure(Path(folder), args.events, args.interval_ms / 1000))
    ms = [lag * 1000 for lag in lags]
    print(f"registry lag over {len(ms)} events (orgs process append -> activities registry commit)")
    print(f"  p50  {_percentile(ms, 0.50):7.2f} ms")
    print(f"  p99  {_percentile(ms, 0.99):7.2f} ms   (target <= 100 ms)")
    print(f"  max  {max(ms):7.2f} ms")
    print(f"  mean {statistics.fmean(ms):7.2f} ms")


if __name__ == "__main__":
    main()
