"""A hostile client against the running services: orgs, activities and projections as processes over
one SQLite store and data folder, tokens for every role and two regions, and the count of events
in the store so that every test can show that nothing was appended.

The broker's side (no credentials, wrong credentials, an integrator publishing, a foreign message in
the stream) is played in tests/integration/relay/test_broker_auth.py against a real nats-server.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.processes import ServiceProcess, issue_token, sqlite_env, start_service
from tests.support.samples import ACTIVITY_BODY

WUJIN = "江苏省/常州市/武进区"
YUEQING = "浙江省/温州市/乐清市"
FOUNDED_ON = "2023-03-08"


@dataclass
class Stack:
    data: Path
    db: Path
    orgs: ServiceProcess
    activities: ServiceProcess
    projections: ServiceProcess
    tokens: dict[str, str]
    """admin, recorder (unscoped), wujin_recorder, yueqing_recorder, reporter, wujin_reporter,
    auditor, wujin_auditor, integrator"""

    def events(self) -> int:
        """How many events the store holds (read straight from the file)."""
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as db:
            count: int = db.execute("SELECT count(*) FROM events").fetchone()[0]
            return count

    def call(self, service: str, method: str, path: str, token: str | None = None, **kwargs: Any) -> httpx.Response:
        """One request to `service` as the holder of `token` (a role's name, a raw token, or None)."""
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {self.tokens.get(token, token)}"
        base = {"orgs": self.orgs, "activities": self.activities, "projections": self.projections}[service].url
        return httpx.request(method, base + path, headers=headers, timeout=30, **kwargs)

    def caught_up(self) -> None:
        """Wait until the projections have applied every event in the store."""
        position = httpx.get(self.orgs.url + "/health", timeout=10).json()["store_position"]
        answer = self.call("projections", "GET", "/counts", "auditor", params={"min_position": position})
        assert answer.status_code == 200, answer.text


def federation(federation_id: str, region: str, **changes: Any) -> dict[str, Any]:
    return {
        "federation_id": federation_id,
        "name": f"{federation_id} 妇联",
        "kind": "federation",
        "domain": "industrial_park",
        "level": "town",
        "region": region,
        "host_organisation": "园区管委会",
        "founded_on": FOUNDED_ON,
        "women_members": 120,
        "executive_members": 9,
        "organisations_covered": 14,
        **changes,
    }


def activity(organiser_id: str, **changes: Any) -> dict[str, Any]:
    return {**ACTIVITY_BODY, "organiser_id": organiser_id, **changes}


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data = tmp_path_factory.mktemp("hostile")
    db = data / "events.db"
    env = sqlite_env(data, db)
    started: list[ServiceProcess] = []
    try:
        for name in ("orgs", "activities", "projections"):
            started.append(start_service(name, env=env, log_dir=data))
        tokens_file = data / "tokens.json"
        roles = {
            "admin": ("admin", None),
            "recorder": ("recorder", None),
            "wujin_recorder": ("recorder", WUJIN),
            "yueqing_recorder": ("recorder", YUEQING),
            "reporter": ("reporter", None),
            "wujin_reporter": ("reporter", WUJIN),
            "auditor": ("auditor", None),
            "wujin_auditor": ("auditor", WUJIN),
            "integrator": ("integrator", None),
        }
        tokens = {name: issue_token(tokens_file, name, role, scope) for name, (role, scope) in roles.items()}
        running = Stack(data, db, started[0], started[1], started[2], tokens=tokens)
        for federation_id, region, token in [
            ("wj-park", WUJIN, "wujin_recorder"),
            ("yq-park", YUEQING, "yueqing_recorder"),
        ]:
            answer = running.call("orgs", "POST", "/federations", token, json=federation(federation_id, region))
            assert answer.status_code == 201, answer.text
        for organiser, token in [("wj-park", "wujin_recorder"), ("yq-park", "yueqing_recorder")]:
            body = activity(organiser, activity_id=f"act-{organiser}")
            answer = running.call("activities", "POST", "/care-activities", token, json=body)
            assert answer.status_code == 201, answer.text
        running.caught_up()
        yield running
    finally:
        errors = []
        for service in reversed(started):
            try:
                service.stop_cleanly()  # no 500, whatever was sent
            except AssertionError as error:
                errors.append(error)
        if errors:
            raise errors[0]
