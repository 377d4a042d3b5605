"""Reports that read the organisations one by one take turns in their lane (more than a county, or
one county), and those read from the sums in theirs (quick); the other queries run at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import anyio
import pytest
from niangjia_projections.entrypoints import deps
from niangjia_projections.entrypoints.deps import COUNTY, QUICK, WIDE, scan_lane


def test_the_country_a_province_and_a_city_are_wide_a_county_and_a_town_not() -> None:
    assert scan_lane(None) == scan_lane("江苏省") == scan_lane("江苏省/常州市") == scan_lane("北京市") == WIDE
    assert scan_lane("江苏省/常州市/武进区") == scan_lane("江苏省/常州市/武进区/湖塘镇") == COUNTY
    assert scan_lane("北京市/东城区") == COUNTY  # a municipality's district is a county


class _Models:
    """Read models whose connection is a stand-in: the query is all that runs."""

    def generation(self, *names: str) -> tuple[tuple[str, int], ...]:
        return tuple((name, 1) for name in names)

    @contextmanager
    def connect_on(self, *names: str) -> Iterator[tuple[object, tuple[tuple[str, int], ...]]]:
        yield object(), self.generation(*names)


@pytest.mark.anyio
async def test_queries_take_turns_in_their_lane_and_the_others_do_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps, "read_marks", lambda conn, models: (7, (7,)))
    lanes = {WIDE: anyio.CapacityLimiter(1), COUNTY: anyio.CapacityLimiter(1), QUICK: anyio.CapacityLimiter(1)}
    state = SimpleNamespace(read_models=_Models(), report_lanes=lanes)
    request: Any = SimpleNamespace(app=SimpleNamespace(state=state), state=SimpleNamespace(), headers={})
    monkeypatch.setattr(deps, "refuse_on_store_fault", lambda request: None)
    running, most = 0, 0
    lock = threading.Lock()

    def query(conn: object) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return "done"

    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(lambda: deps.on_read_models(request, ("organisations",), query, lane=WIDE))
    assert most == 1
    most = 0

    async def in_lane(lane: str) -> None:
        await deps.on_read_models(request, ("organisations",), query, lane=lane)

    async with anyio.create_task_group() as group:
        for lane in (WIDE, COUNTY, QUICK, WIDE, COUNTY, QUICK):
            group.start_soon(in_lane, lane)
    assert most == 3  # one of each lane at a time
    most = 0
    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(lambda: deps.on_read_models(request, ("organisations",), query))
    assert most == 3
    assert request.state.log_position == 7
