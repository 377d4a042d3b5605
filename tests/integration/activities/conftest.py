"""The activities app in-process over a temporary SQLite file; organisers' events seeded into the same file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from niangjia_activities.bootstrap import build_app
from niangjia_activities.settings import ActivitiesSettings
from niangjia_contracts import DomainEvent
from niangjia_eventstore import RecordedEvent, SQLiteEventStore, StreamState

from tests.integration.activities.support import WUJIN, YONGCHUAN, founded, new_event, opened
from tests.support.http import bearer as bearer  # for the tests of this folder
from tests.support.processes import issue_token
from tests.support.samples import ACTIVITY_BODY

TODAY = date(2024, 12, 31)


@dataclass
class Service:
    client: TestClient
    db: Path
    recorder: str  # everywhere
    yongchuan_recorder: str
    wujin_recorder: str
    reporter: str
    wujin_reporter: str

    def seed(self, *events: DomainEvent) -> int:
        """Append organisers' events from another connection, as the orgs service would."""
        store = SQLiteEventStore(self.db)
        try:
            position = 0
            for event in events:
                position = store.append_sync(event.stream_id, [new_event(event)], StreamState.ANY).position
            return position
        finally:
            store.close_sync()

    def records(self) -> SQLiteEventStore:
        return SQLiteEventStore(self.db)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    db = tmp_path / "events.db"
    tokens = tmp_path / "tokens.json"
    settings = ActivitiesSettings(
        data_dir=tmp_path, store_url=f"sqlite:///{db}", tokens_file=tokens, organiser_wait_seconds=5.0
    )
    app = build_app(settings, today=lambda: TODAY)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Service(
            client=client,
            db=db,
            recorder=issue_token(tokens, "city-recorder", "recorder"),
            yongchuan_recorder=issue_token(tokens, "yc-recorder", "recorder", YONGCHUAN),
            wujin_recorder=issue_token(tokens, "wj-recorder", "recorder", WUJIN),
            reporter=issue_token(tokens, "reporter", "reporter"),
            wujin_reporter=issue_token(tokens, "wj-reporter", "reporter", WUJIN),
        )


ACTIVITY: dict[str, Any] = {**ACTIVITY_BODY, "location": "永川区商会大楼"}


def stream(service: Service, stream_id: str) -> list[RecordedEvent]:
    store = service.records()
    try:
        return store.read_stream_sync(stream_id)
    finally:
        store.close_sync()


def hold(service: Service, token: str | None = None, **changes: Any) -> Any:
    return service.client.post(
        "/care-activities", json={**ACTIVITY, **changes}, headers=bearer(token or service.recorder)
    )


@pytest.fixture
def seeded(service: Service) -> Service:
    service.seed(founded("f1"), founded("wj1", region=WUJIN), opened("mh1", host="f1"))
    return service
