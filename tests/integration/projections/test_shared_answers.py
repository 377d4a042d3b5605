"""Reports shared while the read models stand still, over HTTP on a SQLite store the orgs service
would append to: asked twice, computed once; an event applied, every report answers anew; a token of
another scope or role never gets another's answer; nothing with personal data is kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from niangjia_projections.rebuild.read_models import rebuild_read_models
from niangjia_projections.settings import ProjectionsSettings

from tests.integration.projections.serving import auth, serving
from tests.unit.projections.harness import TOWN, Recorded, at, dissolved, founded, held, record_sqlite

HISTORY = [
    Recorded(at("2024-01-02"), founded("zone", level="town")),
    Recorded(at("2024-01-03"), founded("e1", guided_by="zone")),
    Recorded(at("2024-01-04"), founded("far", region="浙江省/温州市/乐清市")),
    Recorded(at("2024-02-05"), held("a1", "zone", "2024-02-01")),
]
REPORTS = [
    "/counts",
    "/counts/quarters",
    "/campaigns/2024",
    "/campaigns/2024/Q1",
    "/dormant",
    "/founded?founded_from=2024-01-01&founded_to=2024-12-31",
]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str], Path]]:
    with serving(tmp_path, HISTORY) as (client, issued):
        yield client, issued, tmp_path


def given(client: TestClient, how: str) -> float:
    """How many report answers the service has given `how` (kept, joined, computed), from /metrics."""
    found = re.search(rf'^niangjia_report_answers_total\{{how="{how}"\}} (\S+)$', client.get("/metrics").text, re.M)
    assert found is not None
    return float(found.group(1))


def test_a_report_asked_again_is_given_as_computed_with_its_position(
    service: tuple[TestClient, dict[str, str], Path],
) -> None:
    client, tokens, _ = service
    for path in REPORTS:
        first = client.get(path, headers=auth(tokens["reporter"]))
        kept = given(client, "kept")
        again = client.get(path, headers=auth(tokens["reporter"]))
        assert first.status_code == again.status_code == 200, path
        assert again.json() == first.json(), path
        assert again.headers["X-Log-Position"] == first.headers["X-Log-Position"] == str(len(HISTORY))
        assert given(client, "kept") == kept + 1, path


def test_an_event_applied_answers_every_report_anew(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, data = service
    before = {path: client.get(path, headers=auth(tokens["reporter"])).json() for path in REPORTS}
    record_sqlite(
        data / "events.db",
        [
            Recorded(at("2024-03-01"), founded("e2", guided_by="zone")),
            Recorded(at("2024-03-02"), held("a2", "e1", "2024-03-01")),
            Recorded(at("2024-03-03"), dissolved("far", "2024-03-03")),
        ],
    )
    caught = client.get("/counts", params={"min_position": len(HISTORY) + 3}, headers=auth(tokens["reporter"]))
    assert caught.status_code == 200
    after = {path: client.get(path, headers=auth(tokens["reporter"])) for path in REPORTS}
    assert all(r.headers["X-Log-Position"] == str(len(HISTORY) + 3) for r in after.values())
    assert after["/counts"].json()["federations"]["total"] == before["/counts"]["federations"]["total"] == 3
    assert after["/counts"].json()["ended"] != before["/counts"]["ended"]
    assert after["/campaigns/2024"].json() != before["/campaigns/2024"]
    assert after[REPORTS[-1]].json() != before[REPORTS[-1]]


def test_another_scope_or_role_gets_its_own_answer(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    everywhere = client.get("/counts", headers=auth(tokens["reporter"])).json()
    town = client.get("/counts", headers=auth(tokens["town"])).json()
    assert everywhere["federations"]["total"] == 3 and town["federations"]["total"] == 2
    assert town["region"] == TOWN and client.get("/counts", headers=auth(tokens["town"])).json() == town
    assert client.get("/counts", headers=auth(tokens["integrator"])).status_code == 403
    assert client.get("/counts", headers=auth(tokens["reporter"])).json() == everywhere


def test_no_answer_kept_when_switched_off(tmp_path: Path) -> None:
    with serving(tmp_path, HISTORY, shared_answers_bytes=0) as (client, tokens):
        for _ in range(3):
            assert client.get("/counts", headers=auth(tokens["reporter"])).status_code == 200
        assert given(client, "kept") == 0
        assert given(client, "computed") == 0  # not counted: every answer computed on its own


def test_personal_data_is_never_kept(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    for _ in range(2):
        client.get("/members/chairs", headers=auth(tokens["admin"]))
        client.get("/audit/log", headers=auth(tokens["auditor"]))
    assert given(client, "kept") == 0


def test_a_rebuild_that_swaps_a_models_file_answers_anew(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, data = service
    first = client.get("/counts", headers=auth(tokens["reporter"]))
    report = rebuild_read_models(ProjectionsSettings(data_dir=data), ["organisations"])
    assert report.events == len(HISTORY)
    computed = given(client, "computed")
    again = client.get("/counts", headers=auth(tokens["reporter"]))
    assert again.json() == first.json() and again.headers["X-Log-Position"] == first.headers["X-Log-Position"]
    assert given(client, "computed") == computed + 1  # the same position, a new file: not the kept answer


def test_a_report_stays_kept_while_only_other_models_take_events(
    service: tuple[TestClient, dict[str, str], Path],
) -> None:
    client, tokens, data = service
    quarters = client.get("/counts/quarters", headers=auth(tokens["reporter"]))  # the organisations alone
    campaigns = client.get("/campaigns/2024", headers=auth(tokens["reporter"]))
    record_sqlite(data / "events.db", [Recorded(at("2024-03-02"), held("a2", "e1", "2024-03-01"))])
    moved = str(len(HISTORY) + 1)
    caught = client.get("/campaigns/2024", params={"min_position": moved}, headers=auth(tokens["reporter"]))
    assert caught.headers["X-Log-Position"] == moved and caught.json() != campaigns.json()  # an activity more
    kept, computed = given(client, "kept"), given(client, "computed")
    again = client.get("/counts/quarters", headers=auth(tokens["reporter"]))  # no organisation changed
    assert again.content == quarters.content
    assert again.headers["X-Log-Position"] == moved  # the figures hold at the new position: they say so
    assert (given(client, "kept"), given(client, "computed")) == (kept + 1, computed)
