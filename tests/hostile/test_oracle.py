"""No existence oracle: for a scoped token, another region's id and an id nobody used get the same
answer (status, code, message but for the id itself), on every read by id and in every command that
names one, and nothing is appended."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.hostile.conftest import WUJIN, Stack, activity

pytestmark = pytest.mark.e2e

ELSEWHERE, NOBODY = "yq-park", "no-such-park"


def same_answer(stack: Stack, hidden: httpx.Response, unknown: httpx.Response, hidden_id: str) -> None:
    assert hidden.status_code == unknown.status_code, (hidden.text, unknown.text)
    assert hidden.json() == _renamed(unknown.json(), NOBODY, hidden_id), (hidden.text, unknown.text)


def _renamed(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {k: _renamed(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    return value


READS = [
    ("orgs", "/federations/{id}", "wujin_reporter"),
    ("orgs", "/federations/{id}", "wujin_recorder"),
    ("projections", "/federations/{id}/guided", "wujin_reporter"),
    ("projections", "/audit/entities/{id}", "wujin_auditor"),
    ("projections", "/audit/entities/{id}?format=csv", "wujin_auditor"),
]


@pytest.mark.parametrize(("service", "path", "token"), READS)
def test_a_read_by_id_answers_another_regions_as_an_unknown_one(
    stack: Stack, service: str, path: str, token: str
) -> None:
    hidden = stack.call(service, "GET", path.format(id=ELSEWHERE), token)
    unknown = stack.call(service, "GET", path.format(id=NOBODY), token)
    assert hidden.status_code == 404
    same_answer(stack, hidden, unknown, ELSEWHERE)


def test_an_activity_of_another_region_answers_as_an_unknown_one(stack: Stack) -> None:
    for language in ("zh-CN", "en"):
        headers = {"Accept-Language": language}
        hidden = stack.call("activities", "GET", "/care-activities/act-yq-park", "wujin_reporter", headers=headers)
        unknown = stack.call("activities", "GET", f"/care-activities/act-{NOBODY}", "wujin_reporter", headers=headers)
        assert hidden.status_code == 404
        same_answer(stack, hidden, unknown, ELSEWHERE)


COMMANDS: list[tuple[str, str, dict[str, Any]]] = [
    ("orgs", "/federations/{id}/inspections", {"inspected_on": "2024-01-01", "finding": "active"}),
    ("orgs", "/federations/{id}/dissolution", {"dissolved_on": "2024-06-01", "reason": "试探"}),
    (
        "orgs",
        "/federations",
        {
            "federation_id": "h-guided",
            "name": "企业妇联",
            "kind": "federation",
            "domain": "non_public_enterprise",
            "level": "town",
            "region": WUJIN,
            "host_organisation": "某公司",
            "founded_on": "2024-01-01",
            "women_members": 30,
            "executive_members": 5,
            "organisations_covered": 1,
            "guided_by": "{id}",
        },
    ),
    (
        "orgs",
        "/micro-homes",
        {
            "micro_home_id": "h-home",
            "name": "楼道微家",
            "setting": "stairwell",
            "region": WUJIN,
            "host_federation_id": "{id}",
            "opened_on": "2024-01-01",
            "members": 8,
        },
    ),
    (
        "orgs",
        "/members",
        {
            "member_id": "h-member",
            "federation_id": "{id}",
            "role": "executive_member",
            "appointed_on": "2024-01-01",
            "personal": {"name": "王某"},
        },
    ),
    ("activities", "/care-activities", activity("{id}")),
    ("activities", "/care-activities/act-{id}/corrections", {"people_served": 1, "reason": "试探"}),
    ("activities", "/care-activities/act-{id}/retraction", {"reason": "试探"}),
    ("activities", "/care-activities/act-wj-park/corrections", {"organiser_id": "{id}", "reason": "试探"}),
]


def _with(body: dict[str, Any], id_: str) -> dict[str, Any]:
    return {k: v.replace("{id}", id_) if isinstance(v, str) else v for k, v in body.items()}


@pytest.mark.parametrize(("service", "path", "body"), COMMANDS)
def test_a_command_naming_another_regions_id_answers_as_for_an_unknown_one_and_records_nothing(
    stack: Stack, service: str, path: str, body: dict[str, Any]
) -> None:
    before = stack.events()
    hidden = stack.call(service, "POST", path.format(id=ELSEWHERE), "wujin_recorder", json=_with(body, ELSEWHERE))
    unknown = stack.call(service, "POST", path.format(id=NOBODY), "wujin_recorder", json=_with(body, NOBODY))
    assert hidden.status_code in (404, 409), hidden.text
    same_answer(stack, hidden, unknown, ELSEWHERE)
    assert stack.events() == before
