"""The ledger in a process of its own, as the projections service runs it: for the benchmarks."""

from __future__ import annotations

import asyncio
from pathlib import Path

from niangjia_eventstore import SQLiteEventStore
from niangjia_ledger.service import open_ledger


def run_ledger(folder: str, seconds: float) -> None:
    """The projections service's ledger task over the store, for `seconds`."""

    async def run() -> None:
        async with SQLiteEventStore(Path(folder) / "events.db") as store:
            ledger = open_ledger(store, Path(folder))
            stop = asyncio.Event()
            asyncio.get_running_loop().call_later(seconds, stop.set)
            await ledger.run(stop)
            ledger.state.close()

    asyncio.run(run())
