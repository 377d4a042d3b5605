"""For random histories that move activities between days, regions and organisers, retract them,
found, open and dissolve organisations, several on one day and some recorded with a clock that
went back: a rebuild (which stages the campaign aggregates and places the organisers in bulk) gives
the activities read model the live run built, row for row."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.projection import ModelFiles, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.rebuild.build import rebuild

from tests.unit.projections import harness
from tests.unit.projections.harness import Recorded, append_all, dump
from tests.unit.projections.test_campaign_aggregates import histories


def _both(tmp: Path, history: list[Recorded], batch: int, rebuild_batch: int) -> tuple[ModelFiles, ModelFiles]:
    live, rebuilt = ModelFiles(tmp / "live"), ModelFiles(tmp / "rebuilt")

    async def go() -> None:
        clock = [datetime(2023, 1, 1, tzinfo=UTC)]
        store = InMemoryEventStore(clock=lambda: clock[0])
        await append_all(store, history, clock)
        runner = ProjectionRunner(store, live, all_projections(), contracts_decoder(), batch_size=batch)
        runner.open()
        try:
            await runner.catch_up()
        finally:
            runner.close()
        built = await rebuild(store, rebuilt, all_projections(), contracts_decoder(), batch_size=rebuild_batch)
        assert all(b.failure is None for b in built)

    asyncio.run(go())
    return live, rebuilt


def dumps(history: list[Recorded], batch: int, rebuild_batch: int, models: tuple[str, ...]) -> tuple[Any, Any]:
    """The rows of `models` as a rebuild builds them and as the live run keeps them (`_both`)."""
    with tempfile.TemporaryDirectory() as name:
        live, rebuilt = _both(Path(name), history, batch, rebuild_batch)
        return dump(rebuilt, models), dump(live, models)


@settings(max_examples=40, deadline=None)
@given(
    history=histories(),
    back=st.lists(st.booleans(), min_size=40, max_size=40),
    batch=st.integers(1, 7),
    rebuild_batch=st.integers(1, 50),
)
def test_a_rebuild_gives_the_campaign_aggregates_the_live_run_keeps(
    history: list[Recorded], back: list[bool], batch: int, rebuild_batch: int
) -> None:
    history = harness.set_back(history, back)
    with tempfile.TemporaryDirectory() as name:
        live, rebuilt = _both(Path(name), history, batch, rebuild_batch)
        assert dump(rebuilt, ("activities",)) == dump(live, ("activities",))
