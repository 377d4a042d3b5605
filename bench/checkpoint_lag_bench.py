"""Checkpoint lag: from a command's acknowledgement to the first signed checkpoint whose tree covers it.

A writer appends the events of `--rate` commands a second (500 by default) to a SQLite store as the
orgs service does (one durable append per command, each its own stream), on a fixed schedule that
does not wait for the previous command: the rate is offered, not adjusted to the store. A second
process runs the ledger exactly as the projections service does (`open_ledger` over its own store
connection, `Ledger.run`: a look for new events every 0.2 s, a checkpoint at least once a second
while events arrive). For each command: the checkpoint time (`time`, when it was signed) of the
first checkpoint whose tree size covers the command's leaf, minus the wall-clock time the append
was acknowledged. Both processes read the same clock. Prints p50, p99 and max.

    .venv/bin/python bench/checkpoint_lag_bench.py [--rate 500] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from niangjia_eventstore import EventStore, NewEvent, SQLiteEventStore, StreamState
from niangjia_ledger.state import LedgerFile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.ledger import run_ledger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pace import offer


def _event(n: int) -> NewEvent:
    data = {"activity_id": f"a-{n}", "goods_value": "1200.00", "people_served": 30, "organiser": "wj-gxq",
            "theme": "关爱行动", "held_on": "2024-07-01"}  # fmt: skip
    return NewEvent(
        event_id=uuid4(),
        type="CareActivityHeld",
        data=json.dumps(data, ensure_ascii=False).encode(),
        metadata=b'{"actor":"tok-1","command_id":"c","source":"activities","occurred_on":"2024-07-01"}',
    )


async def _offer(store: EventStore, rate: float, seconds: float) -> list[tuple[int, float]]:
    """Append one command's event every 1/rate s; (position, acknowledged at) of each."""
    acknowledged: list[tuple[int, float]] = []

    async def command(n: int) -> None:
        result = await store.append(f"care-activity-bench-{n}", [_event(n)], StreamState.NO_STREAM)
        acknowledged.append((result.position, time.time()))

    await offer(rate, seconds, command)
    return acknowledged


def _lags(folder: Path, acknowledged: list[tuple[int, float]]) -> list[float]:
    state = LedgerFile(folder / "ledger.db", readonly=True)
    try:
        checkpoints = state.checkpoints()  # by tree size, then time
        sizes = [c.tree_size for c in checkpoints]
        lags = []
        for position, at in acknowledged:
            index = state.index_of_position(position)
            if index is None:
                raise SystemExit(f"the ledger never took in position {position}")
            first = checkpoints[bisect.bisect_left(sizes, index + 1)]
            lags.append(first.timestamp.timestamp() - at)
        return lags
    finally:
        state.close()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rate", type=float, default=500.0, help="commands a second")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="checkpoint-lag-") as tmp:
        folder = Path(tmp)
        SQLiteEventStore(folder / "events.db").close_sync()  # the schema, before either side opens it
        context = multiprocessing.get_context("spawn")
        ledger = context.Process(target=run_ledger, args=(tmp, args.seconds + 4.0))
        ledger.start()
        time.sleep(1.5)  # the ledger process is up and following the empty store

        async def offer() -> tuple[list[tuple[int, float]], float]:
            async with SQLiteEventStore(folder / "events.db") as store:
                started = time.monotonic()
                acknowledged = await _offer(store, args.rate, args.seconds)
                return acknowledged, time.monotonic() - started

        acknowledged, took = asyncio.run(offer())
        ledger.join()
        if ledger.exitcode != 0:
            raise SystemExit(f"the ledger process failed (exit {ledger.exitcode})")
        lags = _lags(folder, acknowledged)
    ms = sorted(lag * 1000 for lag in lags)
    print(
        f"checkpoint lag over {len(ms)} commands offered at {args.rate:.0f}/s "
        f"({len(ms) / took:.0f}/s acknowledged; command acknowledged -> first checkpoint covering it signed)"
    )
    print(f"  p50  {_percentile(ms, 0.50):8.1f} ms")
    print(f"  p99  {_percentile(ms, 0.99):8.1f} ms   (target <= 1500 ms)")
    print(f"  max  {ms[-1]:8.1f} ms")
    print(f"  mean {statistics.fmean(ms):8.1f} ms")


if __name__ == "__main__":
    main()
