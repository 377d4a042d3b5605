"""The ledger benchmark: `niangjia verify` over N events, and inclusion proofs at that size.

usage: .venv/bin/python bench/ledger_bench.py [--events N] [--proofs N]

Builds a SQLite store of N events (1,000,000 by default; about 300 bytes each, 1,000 to an append),
brings the ledger up to date with the runner (as `niangjia ledger sync` does), then runs
`niangjia verify` as its own process and reports its rate and peak RSS (targets: >= 200,000
events/s, <= 200 MB), and the latency of inclusion proofs by event position at that tree size
(target: p99 <= 5 ms). Everything is in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from niangjia_ledger.keys import Signer, load_or_create_signing_key
from niangjia_ledger.runner import Ledger
from niangjia_ledger.state import LedgerFile

BATCH = 1000


def build_store(path: Path, events: int) -> None:
    store = SQLiteEventStore(path, synchronous="OFF")
    try:
        for first in range(0, events, BATCH):
            batch = [
                NewEvent(
                    event_id=uuid4(),
                    type="CareActivityHeld",
                    data=json.dumps(
                        {"activity_id": f"a-{first + i}", "goods_value": "1200.00", "people_served": 30,
                         "organiser": "wj-gxq", "theme": "关爱行动", "held_on": "2024-07-01"},
                        ensure_ascii=False,
                    ).encode(),
                    metadata=b'{"actor":"tok-1","command_id":"c","source":"activities","occurred_on":"2024-07-01"}',
                )
                for i in range(min(BATCH, events - first))
            ]  # fmt: skip
            store.append_sync(f"care-activity-{first}", batch, StreamState.NO_STREAM)
    finally:
        store.close_sync()


async def sync_ledger(folder: Path) -> float:
    key, _ = load_or_create_signing_key(folder / "ledger.key")
    state = LedgerFile(folder / "ledger.db")
    started = time.perf_counter()
    async with SQLiteEventStore(folder / "events.db") as store:
        await Ledger(store, state, Signer(key), page_size=5000).catch_up()
    state.close()
    return time.perf_counter() - started


def run_verify(folder: Path) -> tuple[float, float, float, int]:
    """Seconds, CPU seconds, peak RSS in MB, exit code of `niangjia verify` as a child process (its own
    child, which hashes the log's tail, included: wait4 counts the descendants it waited for)."""
    command = [str(Path(sys.executable).parent / "niangjia"), "--lang", "en", "verify", "--data-dir", str(folder)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert child.stdout is not None
    print(" ".join(child.stdout.read().decode().split())[-200:])
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def proof_latencies(folder: Path, events: int, count: int) -> tuple[list[float], list[float]]:
    """Each proof's wall-clock time, and its CPU time (what it costs when the machine is shared)."""
    key, _ = load_or_create_signing_key(folder / "ledger.key")
    state = LedgerFile(folder / "ledger.db")
    ledger = Ledger(None, state, Signer(key))  # type: ignore[arg-type]  # proofs read the ledger file only
    timings, cpu = [], []
    for position in random.Random(7).sample(range(1, events + 1), count):
        started, started_cpu = time.perf_counter(), time.thread_time()
        ledger.inclusion_proof(position)
        timings.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
    state.close()
    return timings, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        build_store(folder / "events.db", args.events)
        print(f"store: {args.events:,} events written in {time.perf_counter() - started:.1f} s")
        synced = asyncio.run(sync_ledger(folder))
        print(f"ledger sync: {args.events / synced:,.0f} events/s ({synced:.1f} s)")
        sizes = {name: (folder / name).stat().st_size / 1e6 for name in ("events.db", "ledger.db")}
        print(f"files: events.db {sizes['events.db']:.0f} MB, ledger.db {sizes['ledger.db']:.0f} MB")
        seconds, cpu, rss, code = run_verify(folder)
        print(
            f"niangjia verify: {args.events / seconds:,.0f} events/s ({seconds:.1f} s, the process's start included), "
            f"peak RSS {rss:.0f} MB, exit {code}  [targets: >= 200,000 events/s, <= 200 MB]\n"
            f"  CPU {cpu:.1f} s (both processes: from 200,000 events a child hashes the log's tail on the other core): "
            f"{args.events / cpu:,.0f} events per CPU second"
        )
        timings, proof_cpu = (sorted(t) for t in proof_latencies(folder, args.events, args.proofs))
        p50 = statistics.median(timings) * 1000
        p99 = timings[int(len(timings) * 0.99) - 1] * 1000
        print(f"inclusion proof at {args.events:,} events: p50 {p50:.2f} ms, p99 {p99:.2f} ms  [target: p99 <= 5 ms]")
        print(
            f"  CPU per proof: p50 {statistics.median(proof_cpu) * 1000:.2f} ms, p99 {proof_cpu[int(len(proof_cpu) * 0.99) - 1] * 1000:.2f} ms"
        )


if __name__ == "__main__":
    main()
