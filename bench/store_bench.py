"""The event store benchmark: our SQLite store beside a bare sqlite3 loop and eventsourcing's recorder.

usage: .venv/bin/python bench/store_bench.py [--events N] [--single N]

Everything runs on temporary files, with durable commits (synchronous=FULL). Contenders race step
by step: step i of each runs in turn (the order rotating), and each is timed on its own steps only,
so load that comes and goes on the machine hits all of them alike and the ratios stay fair even
when the absolute figures wander. Compare figures within one run only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from uuid import uuid4

from eventsourcing.sqlite import SQLiteApplicationRecorder
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from store_contenders import (
    PAGE,
    Pager,
    Payload,
    Step,
    batched_contenders,
    new_events,
    payloads,
    read_contenders,
    single_contenders,
    their_synchronous,
)


def race(contenders: dict[str, Step], steps: int, blocks: int = 5) -> dict[str, float]:
    """Events per second of each contender, run step by step in rotating order.

    The steps are cut into `blocks`; each contender's figure is its median rate over the blocks,
    so a burst of outside load in one block does not decide the result.
    """
    names = list(contenders)
    rates: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter
    per_block = max(1, steps // blocks)
    for start in range(0, steps, per_block):
        spent = dict.fromkeys(names, 0.0)
        done = dict.fromkeys(names, 0)
        for i in range(start, min(start + per_block, steps)):
            k = i % len(names)
            for name in names[k:] + names[:k]:
                started = clock()
                done[name] += contenders[name](i)
                spent[name] += clock() - started
        for name in names:
            rates[name].append(done[name] / spent[name])
    return {name: statistics.median(rates[name]) for name in names}


async def ours_catch_up(store: SQLiteEventStore, until: int) -> int:
    count = 0
    subscription = store.subscribe(0, page_size=PAGE)
    async for e in subscription:
        count += 1
        if e.position >= until:
            break
    await subscription.aclose()  # type: ignore[attr-defined]
    return count


def theirs_catch_up(theirs: SQLiteApplicationRecorder) -> int:
    pager = Pager(
        lambda after: list(theirs.select_notifications(after, PAGE, inclusive_of_start=False)), lambda n: int(n.id)
    )
    count = 0
    while page := pager.page():
        count += len(page)
    return count


def catch_up_rates(store: SQLiteEventStore, theirs: SQLiteApplicationRecorder, rounds: int) -> dict[str, float]:
    """Whole catch-ups, ours and theirs in turn (ours reads the next page while the consumer works,
    so a step-by-step race would hide that work in the other contender's time)."""
    total = store.last_position_sync()
    rates: dict[str, list[float]] = {"ours": [], "theirs": []}
    for _ in range(rounds):
        started = time.perf_counter()
        count = asyncio.run(ours_catch_up(store, total))
        rates["ours"].append(count / (time.perf_counter() - started))
        started = time.perf_counter()
        count = theirs_catch_up(theirs)
        rates["theirs"].append(count / (time.perf_counter() - started))
    return {name: statistics.median(r) for name, r in rates.items()}


async def concurrent_appends(store: SQLiteEventStore, events: list[NewEvent], writers: int) -> None:
    async def writer(k: int) -> None:
        version: int | StreamState = StreamState.NO_STREAM
        s = f"conc-{uuid4().hex}"
        for e in events[k::writers]:
            version = (await store.append(s, [e], version)).stream_version

    await asyncio.gather(*(writer(k) for k in range(writers)))


async def async_appends(store: SQLiteEventStore, events: list[NewEvent]) -> None:
    s = f"async-{uuid4().hex}"
    version: int | StreamState = StreamState.NO_STREAM
    for e in events:
        version = (await store.append(s, [e], version)).stream_version


def timed(count: int, coro: Coroutine[object, object, object]) -> float:
    started = time.perf_counter()
    asyncio.run(coro)
    return count / (time.perf_counter() - started)


SUBSCRIBER = """
import asyncio, json, sys, time
from niangjia_eventstore import SQLiteEventStore
async def main(path, count):
    store = SQLiteEventStore(path)
    lags = []
    print("ready", flush=True)
    async for e in store.subscribe(int(sys.argv[3])):
        lags.append(time.time() - json.loads(e.metadata)["sent"])
        if len(lags) == count:
            break
    print(json.dumps(lags), flush=True)
    await store.close()
asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


def cross_process_lag(path: Path, count: int) -> list[float]:
    """Seconds from the start of an append to its arrival at a subscriber in another process."""
    store = SQLiteEventStore(path)
    start = store.last_position_sync()
    sub = subprocess.Popen(
        [sys.executable, "-c", SUBSCRIBER, str(path), str(count), str(start)], stdout=subprocess.PIPE, text=True
    )
    assert sub.stdout is not None
    sub.stdout.readline()
    time.sleep(0.3)  # let it catch up and start waiting
    for _ in range(count):
        meta = f'{{"sent": {time.time()!r}}}'.encode()
        store.append_sync("lag-1", [NewEvent(event_id=uuid4(), type="Lag", data=b"{}", metadata=meta)], StreamState.ANY)
        time.sleep(0.02)
    out, _ = sub.communicate(timeout=60)
    store.close_sync()
    return [float(x) for x in json.loads(out.strip().splitlines()[-1])]


def line(label: str, value: float, note: str = "") -> None:
    print(f"  {label:<30}{value:>10,.0f} events/s   {note}".rstrip())


def single_appends(d: Path, items: list[Payload], n: int) -> None:
    contenders, theirs = single_contenders(d, new_events(items[:n]))
    r = race(contenders, n)
    print(f"\nsingle-event appends, one durable commit each (synchronous=FULL; theirs: {their_synchronous(theirs)})")
    line("ours (append_sync)", r["ours"])
    line(
        "bare sqlite3 loop",
        r["bare"],
        f"ours/bare = {r['ours'] / r['bare']:.0%} (the same inserts: event and append rows)",
    )
    line("bare, the event row only", r["event_only"], f"ours/that = {r['ours'] / r['event_only']:.0%} (no idempotency)")
    line("eventsourcing recorder", r["theirs"], f"theirs/ours = {r['theirs'] / r['ours']:.2f}")
    store = SQLiteEventStore(d / "ours-async.db")
    line(
        "ours, async, one at a time",
        timed(n, async_appends(store, new_events(items[:n]))),
        "(a thread hand-off each way)",
    )
    many = min(len(items), 8 * n)
    line(
        "ours, async, 64 writers",
        timed(many, concurrent_appends(store, new_events(items[:many]), 64)),
        "(group commit)",
    )
    store.close_sync()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events for batched appends and reads")
    parser.add_argument("--single", type=int, default=3_000, help="single-event appends per contender")
    args = parser.parse_args()
    events = max(PAGE, args.events // PAGE * PAGE)
    items = payloads(events)
    size = sum(len(p.data) + len(p.metadata) for p in items) / len(items)
    print(f"store benchmark: sqlite {sqlite3.sqlite_version}, events of ~{size:.0f} bytes (data + metadata)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        single_appends(d, items, min(args.single, events))

        contenders, store, theirs = batched_contenders(d, items)
        r = race(contenders, events // PAGE)
        print(f"\nbatched appends, {PAGE} events per append and commit, {events:,} events")
        line("ours", r["ours"])
        line("bare sqlite3 executemany", r["bare"], f"ours/bare = {r['ours'] / r['bare']:.0%}")
        line("eventsourcing recorder", r["theirs"], f"theirs/ours = {r['theirs'] / r['ours']:.2f}")
        line("bare, ids unique store-wide", r["store_wide"], "(what a store-wide index on random ids costs)")

        r = race(read_contenders(store, theirs), events // PAGE)
        print(f"\nread all, pages of {PAGE}")
        line("ours, into RecordedEvent", r["raw"])
        line("ours, into contract models", r["models"], "(niangjia_contracts.decode_event)")
        line("ours, models + envelope", r["envelope"], "(niangjia_contracts.decode_recorded)")
        line("eventsourcing, into models", r["theirs"], f"theirs/ours = {r['theirs'] / r['models']:.2f} (same decoder)")

        r = catch_up_rates(store, theirs, 7)
        print("\nsubscription catch-up from position 0, into RecordedEvent")
        line("ours, subscribe()", r["ours"])
        line("eventsourcing, paging", r["theirs"], f"theirs/ours = {r['theirs'] / r['ours']:.2f}")
        print("    (eventsourcing's SQLite recorder has no subscribe(); its runners page select_notifications)")
        store.close_sync()

        lags = sorted(cross_process_lag(d / "lag.db", 100))
        print("\nlive subscriber in another process: append start -> event received (100 appends, 20 ms apart)")
        print(
            f"  median {lags[50] * 1000:.1f} ms, p95 {lags[94] * 1000:.1f} ms, max {lags[-1] * 1000:.1f} ms   (target: 100 ms)"
        )
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
