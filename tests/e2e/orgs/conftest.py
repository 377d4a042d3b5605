"""One orgs service process over a temporary SQLite file, shared by the e2e tests in this folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from niangjia_eventstore import SQLiteEventStore

from tests.support.http import bearer as bearer  # for the tests of this folder
from tests.support.processes import ServiceProcess, issue_token, services_running, sqlite_env

WUJIN = "江苏省/常州市/武进区"
YUEQING = "浙江省/温州市/乐清市"


@dataclass(frozen=True)
class Orgs:
    service: ServiceProcess
    db: Path
    recorder: str  # scoped to 武进区
    yueqing_recorder: str  # scoped to 乐清市
    reporter: str
    integrator: str
    admin: str

    @property
    def url(self) -> str:
        return self.service.url

    def store(self) -> SQLiteEventStore:
        return SQLiteEventStore(self.db)


@pytest.fixture(scope="session")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Orgs]:
    data = tmp_path_factory.mktemp("orgs")
    db = data / "events.db"
    tokens = data / "tokens.json"
    with services_running(("orgs",), env=sqlite_env(data, db), log_dir=data) as (service,):
        yield Orgs(
            service=service,
            db=db,
            recorder=issue_token(tokens, "wujin-recorder", "recorder", WUJIN),
            yueqing_recorder=issue_token(tokens, "yueqing-recorder", "recorder", YUEQING),
            reporter=issue_token(tokens, "wujin-reporter", "reporter", WUJIN),
            integrator=issue_token(tokens, "partner", "integrator"),
            admin=issue_token(tokens, "admin", "admin"),
        )
