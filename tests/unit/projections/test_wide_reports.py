"""Reports over more than one county take turns; a county's, a town's and the aggregates' run at once."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace
from typing import Any

import anyio
import pytest
from niangjia_projections.entrypoints import deps
from niangjia_projections.entrypoints.deps import spans_counties


def test_a_report_spans_counties_over_the_country_a_province_or_a_city() -> None:
    assert spans_counties(None)
    assert spans_counties("江苏省")
    assert spans_counties("江苏省/常州市")
    assert not spans_counties("江苏省/常州市/武进区")
    assert not spans_counties("江苏省/常州市/武进区/湖塘镇")
    assert not spans_counties("北京市/东城区")  # a municipality's district is a county
    assert spans_counties("北京市")


class _Models:
    """Read models whose connection is a stand-in: the query is all that runs."""

    def connect(self, *names: str) -> Any:
        class _Conn:
            def __enter__(self) -> object:
                return object()

            def __exit__(self, *exc: object) -> None:
                return None

        return _Conn()


@pytest.mark.anyio
async def test_wide_queries_take_turns_and_the_others_do_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps, "read_position", lambda conn, models: 7)
    state = SimpleNamespace(read_models=_Models(), wide_reports=anyio.CapacityLimiter(1))
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
            group.start_soon(lambda: deps.on_read_models(request, ("organisations",), query, wide=True))
    assert most == 1
    most = 0
    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(lambda: deps.on_read_models(request, ("organisations",), query))
    assert most == 3
    assert request.state.log_position == 7
