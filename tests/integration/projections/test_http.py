"""The projections service over HTTP, on events appended to a SQLite store: auth, scopes, both
clocks, exports, rebuild while serving, /health and /metrics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from niangjia_projections.entrypoints import deps, shared
from niangjia_projections.entrypoints.answer_cache import AnswerCache
from niangjia_projections.rebuild.read_models import rebuild_read_models
from niangjia_projections.settings import ProjectionsSettings

from tests.integration.projections.serving import auth, serving
from tests.unit.projections.harness import REGION, TOWN, Recorded, at, founded, held, opened

HISTORY = [
    Recorded(at("2024-01-02"), founded("zone", domain="industrial_park", level="town")),
    *[Recorded(at("2024-01-03"), founded(f"e{i}", guided_by="zone")) for i in range(4)],
    Recorded(at("2024-01-04"), founded("far", region="浙江省/温州市/乐清市")),
    Recorded(at("2024-01-05"), opened("m1", "zone")),
    Recorded(at("2024-02-05"), held("a1", "zone", "2024-02-01", goods="99900.00")),
    Recorded(at("2024-05-05"), held("a2", "e1", "2024-03-01", goods="99900.00")),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str], Path]]:
    data = tmp_path_factory.mktemp("projections")
    with serving(data, HISTORY) as (client, issued):
        yield client, issued, data


def test_counts_need_a_report_permission(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    assert client.get("/counts").status_code == 401
    assert client.get("/counts", headers=auth(tokens["integrator"])).status_code == 403
    body = client.get("/counts", headers=auth(tokens["reporter"])).json()
    assert body["federations"]["total"] == 6
    grouped = client.get(
        "/counts?groups=parks:industrial_park+market&group_by=group,domain", headers=auth(tokens["reporter"])
    ).json()
    assert grouped["federations"]["by_group"] == {"park_and_market": 1, "parks": 1}
    assert "by_region" not in grouped["federations"]
    bad = client.get("/counts?groups=x:moon", headers=auth(tokens["reporter"]))
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "groups"
    assert client.get("/counts?known_at=2024-01-01T00:00:00", headers=auth(tokens["reporter"])).status_code == 422


def test_a_scoped_token_sees_its_region_only(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    mine = client.get("/counts", headers=auth(tokens["town"])).json()
    assert mine["region"] == TOWN and mine["federations"]["total"] == 5
    outside = client.get("/counts", params={"region": "浙江省"}, headers=auth(tokens["town"]))
    assert outside.status_code == 403 and outside.json()["error"]["code"] == "out_of_scope"
    assert client.get("/campaigns/2024", params={"region": REGION}, headers=auth(tokens["town"])).status_code == 403
    far = client.get("/federations/far/guided", headers=auth(tokens["town"]))
    ghost = client.get("/federations/ghost/guided", headers=auth(tokens["town"]))
    assert far.status_code == ghost.status_code == 404  # beyond the scope is as unknown: no oracle
    assert far.json()["error"]["message"] == ghost.json()["error"]["message"].replace("ghost", "far")


def test_the_quarters_series_in_one_answer_within_the_tokens_scope(
    service: tuple[TestClient, dict[str, str], Path],
) -> None:
    client, tokens, _ = service
    body = client.get("/counts/quarters?as_of=2024-05-02", headers=auth(tokens["reporter"])).json()
    assert [(p["year"], p["quarter"], p["day"]) for p in body["quarters"]] == [
        (2024, 1, "2024-03-31"),
        (2024, 2, "2024-05-02"),
    ]
    assert body["quarters"][-1]["standing"] == {"federations": 6, "micro_homes": 1}
    mine = client.get("/counts/quarters?as_of=2024-05-02", headers=auth(tokens["town"])).json()
    assert mine["region"] == TOWN and mine["quarters"][-1]["standing"]["federations"] == 5
    outside = client.get("/counts/quarters", params={"region": "浙江省"}, headers=auth(tokens["town"]))
    assert outside.status_code == 403 and outside.json()["error"]["code"] == "out_of_scope"
    assert client.get("/counts/quarters", headers=auth(tokens["integrator"])).status_code == 403
    late = client.get("/counts/quarters?as_of=2024-05-02&from_year=2025", headers=auth(tokens["reporter"]))
    assert late.status_code == 422 and late.json()["error"]["field"] == "from_year"
    early = client.get("/counts/quarters?as_of=2024-05-02&from_year=2023", headers=auth(tokens["reporter"])).json()
    assert [p["day"] for p in early["quarters"]][:2] == ["2023-03-31", "2023-06-30"]
    assert early["quarters"][0]["ever_founded"] == {"federations": 0, "micro_homes": 0}


def test_campaigns_on_both_clocks(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    q1 = client.get("/campaigns/2024/Q1", headers=auth(tokens["reporter"])).json()
    assert q1["theme"] == "spring_warmth" and q1["goods_value_yuan"] == "199800.00" and q1["activities"] == 2
    known_april = client.get(
        "/campaigns/2024/Q1", params={"known_at": "2024-04-01T00:00:00Z"}, headers=auth(tokens["reporter"])
    ).json()
    assert known_april["goods_value_yuan"] == "99900.00"
    year = client.get("/campaigns/2024", headers=auth(tokens["reporter"])).json()
    assert year["total"]["activities"] == 2
    assert client.get("/campaigns/2024/Q5", headers=auth(tokens["reporter"])).status_code == 422


def test_guided_and_dormant(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    tree = client.get("/federations/zone/guided", headers=auth(tokens["reporter"])).json()
    assert tree["direct"] == {"federations": 4, "micro_homes": 1, "by_domain": {"non_public_enterprise": 4}}
    assert client.get("/federations/nobody/guided", headers=auth(tokens["reporter"])).status_code == 404
    quiet = client.get("/dormant", params={"since": "2024-02-15"}, headers=auth(tokens["reporter"])).json()
    assert sorted(i["org_id"] for i in quiet["items"]) == ["e0", "e2", "e3", "far", "m1", "zone"]


def test_audit_needs_the_auditor_and_exports_stream(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    assert client.get("/audit/log", headers=auth(tokens["reporter"])).status_code == 403
    page = client.get("/audit/log", params={"limit": 3}, headers=auth(tokens["auditor"])).json()
    assert page["count"] == 3 and page["next_after"] == 3 and page["items"][0]["actor"] == "alice"
    lines = client.get("/audit/log", params={"format": "jsonl"}, headers=auth(tokens["auditor"])).text.splitlines()
    assert len(lines) == len(HISTORY) and json.loads(lines[-1])["event_type"] == "CareActivityHeld"
    csv_text = client.get("/audit/log?format=csv&event_type=CareActivityHeld", headers=auth(tokens["auditor"])).text
    assert csv_text.count("\n") == 3
    timeline = client.get("/audit/entities/zone", headers=auth(tokens["auditor"])).json()
    assert [i["event_type"] for i in timeline["items"]] == ["FederationFounded"]
    assert client.get("/audit/entities/ghost", headers=auth(tokens["auditor"])).status_code == 404
    before = client.get(
        "/audit/entities/zone", params={"known_at": "2000-01-01T00:00:00+08:00"}, headers=auth(tokens["auditor"])
    ).json()
    assert before["status"] == "not_yet_recorded" and before["items"] == []
    assert before["known_at"] == "2000-01-01T00:00:00+08:00"
    log = client.get("/audit/log", params={"as_of": "1990-01-01"}, headers=auth(tokens["auditor"])).json()
    assert log["count"] == 0 and log["as_of"] == "1990-01-01"


def test_health_metrics_and_a_rebuild_while_serving(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, data = service
    health = client.get("/health").json()
    assert {p["name"]: p["checkpoint"] for p in health["projections"]} == {
        "organisations": len(HISTORY),
        "activities": len(HISTORY),
        "audit": len(HISTORY),
        "members": len(HISTORY),
    }
    metrics = client.get("/metrics").text
    assert 'niangjia_projection_lag_events{projection="audit"} 0.0' in metrics
    report = rebuild_read_models(ProjectionsSettings(data_dir=data), ["organisations"])
    assert report.events == len(HISTORY)
    assert client.get("/counts", headers=auth(tokens["reporter"])).json()["federations"]["total"] == 6


def test_reports_read_from_the_sums_take_turns_in_the_quick_lane_and_scans_in_their_own(
    service: tuple[TestClient, dict[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, tokens, _ = service
    lanes: list[str | None] = []
    real = deps.computed

    async def recording(*args: Any) -> Any:
        lanes.append(args[-1])
        return await real(*args)

    monkeypatch.setattr(shared, "computed", recording)
    monkeypatch.setattr(client.app.state, "answers", AnswerCache(0))  # type: ignore[attr-defined]  # each computed
    quick = [
        "/counts",
        "/counts/quarters",
        "/campaigns/2024",
        "/dormant",
        "/founded?founded_from=2024-01-01&founded_to=2024-06-30",
        "/members/report",
    ]
    scans = ["/counts?status=open", "/campaigns/2024?known_at=2024-03-01T00:00:00Z", "/chambers"]
    for path in [*quick, *scans, "/federations/zone/guided"]:
        assert client.get(path, headers=auth(tokens["reporter"])).status_code == 200, path
    assert lanes == [*[deps.QUICK] * len(quick), deps.WIDE, deps.WIDE, deps.WIDE, None]  # a tree at once
