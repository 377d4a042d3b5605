"""The orgs, activities and projections services as processes over one SQLite store, with the
data set of `dataset.py` recorded through HTTP by recorders scoped to each county, in two phases
around a first `known_at` instant."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.e2e.reports.dataset import WUHOU, XIHU
from tests.e2e.reports.record import in_order, send
from tests.support.processes import ServiceProcess, issue_token, services_running, sqlite_env

COUNTIES = (XIHU, WUHOU)
SERVICES = ("orgs", "activities", "projections")
STARTUP = 120.0
"""Seconds a service may take to answer /health: on a busy machine the imports alone take tens."""


@dataclass
class Recorded:
    env: dict[str, str]
    orgs: ServiceProcess
    activities: ServiceProcess
    projections: ServiceProcess
    recorders: dict[str, str]  # county -> a recorder scoped to it
    reporters: dict[str, str]  # county -> a reporter scoped to it
    auditors: dict[str, str]  # county -> an auditor scoped to it
    t0: datetime  # before anything was recorded
    t1: datetime  # after the first phase, before the late entries
    t2: datetime  # after everything
    last_position: int

    def restart_projections(self) -> None:
        self.projections.restart(timeout=STARTUP)
        self.wait_caught_up()

    def wait_caught_up(self, timeout: float = STARTUP) -> None:
        """Until the read models have applied the last recorded event (503 `read_model_behind` before)."""
        headers = {"Authorization": f"Bearer {self.reporters[XIHU]}"}
        deadline = time.monotonic() + timeout
        while True:
            params = {"min_position": self.last_position}
            response = httpx.get(self.projections.url + "/counts", params=params, headers=headers, timeout=30)
            if response.status_code != 503 or time.monotonic() > deadline:
                assert response.status_code == 200, response.text
                return
            time.sleep(0.2)


def _instant() -> datetime:
    """A `known_at` strictly between what was recorded before and what will be recorded after."""
    time.sleep(0.05)
    moment = datetime.now(UTC)
    time.sleep(0.05)
    return moment


def _record(
    tokens: Path, env: dict[str, str], orgs: ServiceProcess, activities: ServiceProcess, projections: ServiceProcess
) -> Recorded:
    """The data set recorded through the orgs and activities services, in its two phases."""
    recorders = {c: issue_token(tokens, f"recorder-{i}", "recorder", c) for i, c in enumerate(COUNTIES)}
    clients = {
        "orgs": httpx.Client(base_url=orgs.url, timeout=30),
        "activities": httpx.Client(base_url=activities.url, timeout=30),
    }
    try:
        t0 = _instant()
        batch = in_order()
        send(clients, recorders, [c for c in batch if c.phase == 1])
        t1 = _instant()
        last = send(clients, recorders, [c for c in batch if c.phase == 2])
        t2 = _instant()
    finally:
        for client in clients.values():
            client.close()
    return Recorded(
        env=env,
        orgs=orgs,
        activities=activities,
        projections=projections,
        recorders=recorders,
        reporters={c: issue_token(tokens, f"reporter-{i}", "reporter", c) for i, c in enumerate(COUNTIES)},
        auditors={c: issue_token(tokens, f"auditor-{i}", "auditor", c) for i, c in enumerate(COUNTIES)},
        t0=t0,
        t1=t1,
        t2=t2,
        last_position=last,
    )


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    data = tmp_path_factory.mktemp("reports-e2e")
    env = sqlite_env(data, data / "events.db", synchronous="NORMAL")
    with services_running(SERVICES, env=env, log_dir=data, timeout=STARTUP) as (orgs, activities, projections):
        running = _record(data / "tokens.json", env, orgs, activities, projections)
        running.wait_caught_up()
        yield running
