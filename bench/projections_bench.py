"""Projections benchmark: rebuild of every read model from a store of N events of a national history
(`national`: real counties, five years, reproducible from --seed) (events/s, peak
RSS summed over its processes, CPU time), a streamed export of the rebuilt audit log as JSON Lines
and CSV (peak RSS: constant memory), and command-to-read-model lag (p50/p99) under a steady rate
of commands.

    .venv/bin/python bench/projections_bench.py [--events 1000000] [--rate 500] [--seconds 10]
                                                [--runs 1] [--skip-export] [--skip-lag]

Targets on a 2-core machine: rebuild >= 60,000 events/s with peak RSS <= 300 MB (not growing with the
store); lag p99 <= 100 ms.
The rebuild runs as `niangjia-projections rebuild` does (the models in parallel processes). The
store is generated with batched appends (group commits) and kept in --workdir for reruns. On a
shared machine the wall-clock figures move with the load and the machine's speed; the CPU time, the
load average and the time of a fixed reference work (before and after) are printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import national
import orjson
from niangjia_eventstore import NewEvent, StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.projection import ModelFiles, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.models.audit import queries as audit
from niangjia_projections.models.common import ReadModels
from niangjia_projections.rebuild.read_models import rebuild_models_from
from pace import offer


async def generate(path: Path, count: int, seed: int = 20) -> None:
    """The national history (`national`) of `count` events into a store at `path`, each recorded on
    its day (the store's clock follows the history); resumed where a previous run stopped."""
    moment = [datetime(2021, 1, 1, tzinfo=UTC)]
    store = SQLiteEventStore(path, synchronous="OFF", clock=lambda: moment[0])
    try:
        have = await store.last_position()
        if have >= count:
            return  # generated before: nothing to resume
        started = time.perf_counter()
        batch: list[tuple[str, NewEvent]] = []
        day = None
        for n, (recorded_on, stream, event) in enumerate(national.events(count, seed)):
            if n < have:
                continue
            if batch and (len(batch) == 5000 or recorded_on != day):
                await asyncio.gather(*(store.append(s, [e], StreamState.ANY) for s, e in batch))
                batch = []
            if recorded_on != day:
                day = recorded_on
                moment[0] = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            moment[0] += timedelta(milliseconds=1)
            batch.append((stream, event))
        if batch:
            await asyncio.gather(*(store.append(s, [e], StreamState.ANY) for s, e in batch))
        if count > have:
            print(f"generated {count - have:,} events in {time.perf_counter() - started:.1f} s")
    finally:
        await store.close()


def rebuild_child(store_path: Path, models_dir: Path) -> None:
    """What `niangjia-projections rebuild` does: every model, in parallel processes, swapped in."""
    report = asyncio.run(rebuild_models_from(f"sqlite:///{store_path}", ModelFiles(models_dir), batch_size=2000))
    result = {"events": report.events, "seconds": report.seconds, "processes": report.processes}
    # this process's peak plus every worker's: an upper bound of what the rebuild held at once
    result["peak_rss_mb"] = report.peak_rss_mb
    print(json.dumps(result))


def export_child(models_dir: Path, fmt: str) -> None:
    """Stream the whole audit log as GET /audit/log?format=... does; print its size, time and peak RSS."""
    models = ReadModels(ModelFiles(models_dir))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    size = lines = 0
    with models.connect("audit") as conn:
        rows = audit.rows(conn, audit.AuditFilter())
        for chunk in audit.as_csv(rows) if fmt == "csv" else audit.as_jsonl(rows):
            size += len(chunk)
            lines += chunk.count(b"\n")
    result = {
        "lines": lines,
        "bytes": size,
        "seconds": time.perf_counter() - started,
        "rss_before_mb": before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def follow_child(store_path: Path, models_dir: Path, seconds: float, out: Path) -> None:
    """Run the live runner; record (checkpoint, wall time) after every page it applies."""
    commits: list[tuple[int, float]] = []

    async def go() -> None:
        store = SQLiteEventStore(store_path, poll_interval=0.005)
        runner = ProjectionRunner(
            store,
            ModelFiles(models_dir),
            all_projections(),
            contracts_decoder(),
            batch_size=500,
            on_page=lambda page: commits.append((runner.checkpoint(), time.time())),
        )
        runner.open()
        await runner.catch_up()
        print("ready", flush=True)
        task = asyncio.create_task(runner.run())
        await asyncio.sleep(seconds)
        task.cancel()
        runner.close()
        await store.close()

    asyncio.run(go())
    out.write_text(json.dumps(commits))


async def produce(store_path: Path, rate: int, seconds: float) -> list[tuple[int, float]]:
    store = SQLiteEventStore(store_path, synchronous="NORMAL")
    done: list[tuple[int, float]] = []
    made = national.events(2000 + int(rate * seconds), seed=7)
    for _ in range(2000):  # the ones `generate` wrote
        next(made)

    async def one(n: int) -> None:
        _, stream, event = next(made)
        result = await store.append(stream, [event], StreamState.ANY)
        done.append((result.position, time.time()))

    await offer(rate, seconds, one)
    await store.close()
    return done


def lag(workdir: Path, rate: int, seconds: float) -> None:
    store_path = workdir / "lag-events.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store_path}{suffix}").unlink(missing_ok=True)
    asyncio.run(generate(store_path, 2000, seed=7))
    out = workdir / "commits.json"
    with tempfile.TemporaryDirectory(dir=workdir) as models:
        child = subprocess.Popen(
            [sys.executable, __file__, "--follow", str(store_path), models, str(seconds + 3), str(out)],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        child.stdout.readline()
        appended = asyncio.run(produce(store_path, rate, seconds))
        child.wait()
    commits = json.loads(out.read_text())
    lags = []
    index = 0
    for position, at in sorted(appended):
        while index < len(commits) and commits[index][0] < position:
            index += 1
        if index == len(commits):
            break
        lags.append(max(commits[index][1] - at, 0.0) * 1000)
    lags.sort()
    p50 = lags[len(lags) // 2]
    p99 = lags[min(int(len(lags) * 0.99), len(lags) - 1)]
    print(f"lag at {rate} commands/s for {seconds:.0f} s ({len(lags)} commands): p50 {p50:.1f} ms, p99 {p99:.1f} ms")


def reference_ms() -> float:
    """CPU milliseconds of a fixed piece of a rebuild's kind of work (decode 20,000 stored events,
    insert rows of them into an in-memory table), the median of three: the same work every run, so
    it shows how fast the machine was around a figure (a shared machine's speed moves)."""
    sample = next(e for _, _, e in national.events(100, seed=1) if e.type == "CareActivityHeld")
    times = []
    for _ in range(3):
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute("CREATE TABLE t (a INTEGER, b TEXT, c TEXT, d INTEGER, e TEXT)")
        started = time.process_time()
        rows = []
        for n in range(20_000):
            data, meta = orjson.loads(sample.data), orjson.loads(sample.metadata)
            rows.append((n, data["activity_id"], meta["actor"], data["people_served"], sample.data.decode()))
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        times.append(time.process_time() - started)
        conn.close()
    return sorted(times)[1] * 1000


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--rebuild-child":
        rebuild_child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--export-child":
        export_child(Path(sys.argv[2]), sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--follow":
        follow_child(Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]), Path(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20, help="the national history's seed")
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "niangjia-projections-bench")
    parser.add_argument("--skip-lag", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="rebuilds in a row (the exports follow the last)")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    store_path = args.workdir / national.store_name(args.events, args.seed)
    asyncio.run(generate(store_path, args.events, args.seed))
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(dir=args.workdir) as models:
            rebuild(store_path, Path(models), export=run == args.runs - 1 and not args.skip_export)
    if not args.skip_lag:
        lag(args.workdir, args.rate, args.seconds)


def rebuild(store_path: Path, models: Path, *, export: bool) -> None:
    """One rebuild as `niangjia-projections rebuild` runs it, then (`export`) the audit exports."""
    load = os.getloadavg()[0]
    reference = reference_ms()
    before = _children_cpu()
    child = subprocess.run(
        [sys.executable, __file__, "--rebuild-child", str(store_path), str(models)], capture_output=True, check=True
    )
    cpu = _children_cpu() - before  # the rebuild child and the worker it waited for
    result = json.loads(child.stdout)
    print(
        f"rebuild of all read models: {result['events']:,} events in {result['seconds']:.1f} s = "
        f"{result['events'] / result['seconds']:,.0f} events/s, peak RSS {result['peak_rss_mb']:.0f} MB "
        f"(sum over {result['processes']} processes); CPU {cpu:.1f} s in all, load average before "
        f"{load:.2f}; reference work {reference:.0f} ms before, {reference_ms():.0f} ms after",
        flush=True,
    )
    for fmt in ("jsonl", "csv") if export else ():
        done = subprocess.run(
            [sys.executable, __file__, "--export-child", str(models), fmt], capture_output=True, check=True
        )
        out = json.loads(done.stdout)
        print(
            f"audit export as {fmt}: {out['lines']:,} lines, {out['bytes'] / 1e6:,.0f} MB in {out['seconds']:.1f} s,"
            f" peak RSS {out['peak_rss_mb']:.0f} MB (before the export {out['rss_before_mb']:.0f} MB)"
        )


if __name__ == "__main__":
    main()
