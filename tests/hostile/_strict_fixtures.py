"""The three HTTP services in-process over one temporary SQLite store, with a token per role, for
the bad-input suite: what a hostile client sends and whether anything reached the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from niangjia_activities.bootstrap import build_app as activities_app
from niangjia_activities.settings import ActivitiesSettings
from niangjia_contracts import DomainEvent
from niangjia_eventstore import StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.settings import ServiceSettings
from niangjia_orgs.bootstrap import build_app as orgs_app
from niangjia_projections.bootstrap import build_app as projections_app
from niangjia_projections.settings import ProjectionsSettings

from tests.support import samples
from tests.support.events import recorded_as_services_do
from tests.support.processes import issue_token

TODAY = date(2024, 12, 31)
REGION = "江苏省/常州市/武进区"
FOUNDING: dict[str, Any] = {
    "name": "湖塘镇市场妇联",
    "kind": "federation",
    "domain": "market",
    "level": "town",
    "region": f"{REGION}/湖塘镇",
    "host_organisation": "湖塘市场",
    "founded_on": "2020-03-08",
    "women_members": 40,
}
ACTIVITY: dict[str, Any] = {
    "organiser_id": "f1",
    "held_on": "2024-02-08",
    "title": "春送温暖：慰问困难妇女",
    "campaign": "spring_warmth",
    "people_served": 120,
    "volunteers": 15,
    "goods_value_yuan": "8600.00",
}


@dataclass
class Services:
    orgs: TestClient
    activities: TestClient
    projections: TestClient
    db: Path
    recorder: str
    reporter: str
    auditor: str
    integrator: str

    def last_position(self) -> int:
        store = SQLiteEventStore(self.db)
        try:
            return store.last_position_sync()
        finally:
            store.close_sync()

    def seed(self, event: DomainEvent) -> int:
        """Append `event` as a service would have recorded it (a value the rules of today may refuse)."""
        store = SQLiteEventStore(self.db)
        try:
            new = recorded_as_services_do(event, "seed", date(2020, 1, 1))
            return store.append_sync(event.stream_id, [new], StreamState.ANY).position
        finally:
            store.close_sync()

    def headers(self, token: str, **more: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}", "Accept-Language": "en", **more}


@contextmanager
def running_services(data: Path) -> Iterator[Services]:
    """The services over `data/events.db`, which holds one federation (`f1`) to record activities for."""
    db = data / "events.db"
    tokens = data / "tokens.json"
    store = SQLiteEventStore(db)
    founded = samples.founded(federation_id="f1", region=REGION, founded_on=date(2020, 1, 1))
    store.append_sync(founded.stream_id, [recorded_as_services_do(founded, "seed", date(2020, 1, 1))], StreamState.ANY)
    store.close_sync()
    common: dict[str, Any] = {"data_dir": data, "store_url": f"sqlite:///{db}", "tokens_file": tokens}
    with ExitStack() as stack:
        orgs, activities, projections = (
            stack.enter_context(TestClient(app, raise_server_exceptions=False))
            for app in (
                orgs_app(ServiceSettings(**common), today=lambda: TODAY),
                activities_app(ActivitiesSettings(**common, organiser_wait_seconds=5.0), today=lambda: TODAY),
                projections_app(ProjectionsSettings(**common, ledger=False)),
            )
        )
        yield Services(
            orgs,
            activities,
            projections,
            db=db,
            recorder=issue_token(tokens, "recorder", "recorder"),
            reporter=issue_token(tokens, "reporter", "reporter"),
            auditor=issue_token(tokens, "auditor", "auditor"),
            integrator=issue_token(tokens, "integrator", "integrator"),
        )
