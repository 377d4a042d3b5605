"""The 1+N story over HTTP: a park federation guides 53 enterprise federations; micro-homes open;
one federation is dissolved; every stream reads back exactly as commanded."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from niangjia_contracts import (
    DomainEvent,
    FederationDissolved,
    FederationFounded,
    FederationInspected,
    MicroHomeOpened,
    decode_recorded,
)
from niangjia_kit.commands import command_id_for

from tests.e2e.orgs.conftest import WUJIN, Orgs, bearer
from tests.support.processes import token_id

pytestmark = pytest.mark.e2e

PARK_REGION = f"{WUJIN}/高新区"


def park() -> dict[str, Any]:
    return {
        "federation_id": "wj-hitech-park",
        "name": "武进国家高新区妇联",
        "kind": "federation",
        "domain": "industrial_park",
        "level": "town",
        "region": PARK_REGION,
        "host_organisation": "武进国家高新技术产业开发区",
        "founded_on": "2021-03-08",
        "women_members": 3200,
        "executive_members": 35,
        "organisations_covered": 54,
    }


def enterprise(n: int) -> dict[str, Any]:
    body = {
        "name": f"高新区第{n}号企业妇联",
        "kind": "federation" if n % 3 else "committee",
        "domain": "non_public_enterprise",
        "level": "village",
        "region": PARK_REGION,
        "host_organisation": f"常州高新第{n}号科技有限公司",
        "guided_by": "wj-hitech-park",
        "founded_on": date(2022, 1 + n % 12, 1 + n % 28).isoformat(),
        "women_members": 20 + n,
    }
    if n % 2 == 0:
        body["federation_id"] = f"wj-ent-{n:02d}"  # half name their ids, half let the service derive them
    return body


def test_one_guide_fifty_three_federations_micro_homes_and_a_dissolution(orgs: Orgs) -> None:
    correlation = uuid.uuid4()
    sent: list[
        tuple[str, str, dict[str, Any], dict[str, Any], DomainEvent]
    ] = []  # (operation, key, body, answer, event)
    with httpx.Client(base_url=orgs.url, headers=bearer(orgs.recorder), timeout=10) as client:

        def command(
            path: str, operation: str, body: dict[str, Any], event: type[DomainEvent], id_field: str = "federation_id"
        ) -> dict[str, Any]:
            """POST `body`, and remember the `event` (with the answer's id) the store must hold for it."""
            key = f"e2e-{len(sent)}"
            response = client.post(
                path, json=body, headers={"Idempotency-Key": key, "X-Correlation-ID": str(correlation)}
            )
            assert response.status_code == 201, response.text
            answer: dict[str, Any] = response.json()
            sent.append((operation, key, body, answer, event.model_validate({**body, id_field: answer["id"]})))
            return answer

        guide = command("/federations", "found_federation", park(), FederationFounded)
        assert guide == {**guide, "id": "wj-hitech-park", "stream_id": "federation-wj-hitech-park", "stream_version": 0}
        ids = []
        for n in range(1, 54):
            body = enterprise(n)
            answer = command("/federations", "found_federation", body, FederationFounded)
            assert answer["stream_version"] == 0
            assert answer["id"] == body.get("federation_id", answer["id"])
            ids.append(answer["id"])
        assert len(set(ids)) == 53

        homes = []
        for n, host in enumerate([guide["id"], ids[0], ids[1]]):
            body = {
                "name": f"高新区妇女微家{n}",
                "setting": "enterprise",
                "region": PARK_REGION,
                "host_federation_id": host,
                "opened_on": "2023-06-01",
                "theme": "园企共建",
            }
            answer = command("/micro-homes", "open_micro_home", body, MicroHomeOpened, "micro_home_id")
            homes.append(answer["id"])

        inspected = {"inspected_on": "2024-03-01", "finding": "dormant", "remark": "为建组而建组"}
        target = ids[6]
        answer = command(
            f"/federations/{target}/inspections", f"inspect_federation:{target}", inspected, FederationInspected
        )
        assert answer["stream_version"] == 1
        dissolution = {"dissolved_on": "2024-04-01", "reason": "企业停产，妇联随之撤销"}
        answer = command(
            f"/federations/{target}/dissolution", f"dissolve_federation:{target}", dissolution, FederationDissolved
        )
        assert answer["stream_version"] == 2

        # a micro-home cannot open under the dissolved federation after it closed
        late = client.post(
            "/micro-homes",
            json={
                "name": "迟到的微家",
                "setting": "stairwell",
                "region": PARK_REGION,
                "host_federation_id": target,
                "opened_on": "2024-05-01",
            },
        )
        assert late.status_code == 409 and late.json()["error"]["code"] == "host_federation_not_open"

        state = client.get(f"/federations/{target}").json()
        assert state["status"] == "dissolved" and state["stream_version"] == 2
        assert state["inspections"] == [{"inspected_on": "2024-03-01", "finding": "dormant", "remark": "为建组而建组"}]
        assert client.get(f"/federations/{ids[0]}").json()["guided_by"] == "wj-hitech-park"
        home = client.get(f"/micro-homes/{homes[0]}").json()
        assert home["status"] == "open" and home["host_federation_id"] == "wj-hitech-park"

    # every stream, read back from the file, holds exactly what was commanded, with its envelope
    store = orgs.store()
    try:
        by_stream: dict[str, list[Any]] = {}
        for operation, key, _body, answer, event in sent:
            recorded = store.read_stream_sync(answer["stream_id"])
            index = answer["stream_version"]
            record = decode_recorded(recorded[index])
            envelope = record.envelope
            assert record.event == event
            assert envelope.event_id == uuid.UUID(answer["event_ids"][0])
            assert envelope.position == answer["position"]
            assert envelope.stream_id == event.stream_id == answer["stream_id"]
            assert envelope.stream_version == index
            assert envelope.event_type == event.event_type
            assert envelope.actor == token_id(orgs.recorder)
            assert envelope.command_id == command_id_for("wujin-recorder", operation, key)
            assert envelope.correlation_id == correlation
            assert envelope.source == "orgs"
            assert envelope.schema_version == event.schema_version
            assert envelope.occurred_on == _business_date(event)
            by_stream.setdefault(answer["stream_id"], []).append(record.event)
        for stream_id, events in by_stream.items():
            assert [decode_recorded(r).event for r in store.read_stream_sync(stream_id)] == events
        assert len([s for s in by_stream if s.startswith("federation-")]) == 54
        assert len([s for s in by_stream if s.startswith("micro_home-")]) == 3
    finally:
        store.close_sync()


def _business_date(event: DomainEvent) -> date:
    for name in ("founded_on", "opened_on", "inspected_on", "dissolved_on"):
        if hasattr(event, name):
            value: date = getattr(event, name)
            return value
    raise AssertionError(event)
