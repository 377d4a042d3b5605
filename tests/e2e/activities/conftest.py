"""The orgs and activities services as processes over one temporary SQLite file and data folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from niangjia_eventstore import SQLiteEventStore

from tests.support.http import bearer as bearer  # for the tests of this folder
from tests.support.processes import ServiceProcess, issue_token, services_running, sqlite_env

YONGCHUAN = "重庆市/永川区"
WUJIN = "江苏省/常州市/武进区"


@dataclass(frozen=True)
class Services:
    db: Path
    orgs: ServiceProcess
    activities: ServiceProcess
    yongchuan_recorder: str
    wujin_recorder: str
    reporter: str
    admin: str

    def store(self) -> SQLiteEventStore:
        return SQLiteEventStore(self.db)

    def restart_activities(self) -> None:
        self.activities.restart()


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data = tmp_path_factory.mktemp("activities-e2e")
    db = data / "events.db"
    tokens = data / "tokens.json"
    with services_running(("orgs", "activities"), env=sqlite_env(data, db), log_dir=data) as (orgs, activities):
        yield Services(
            db=db,
            orgs=orgs,
            activities=activities,
            yongchuan_recorder=issue_token(tokens, "yc-recorder", "recorder", YONGCHUAN),
            wujin_recorder=issue_token(tokens, "wj-recorder", "recorder", WUJIN),
            reporter=issue_token(tokens, "city-reporter", "reporter"),
            admin=issue_token(tokens, "admin", "admin"),
        )
