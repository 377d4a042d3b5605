"""Tokens and roles: no token, a forged or unknown token, a role that may not; each refused with its
status and code, and nothing appended."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.hostile.conftest import WUJIN, Stack, activity, federation

pytestmark = pytest.mark.e2e

WRITES: list[tuple[str, str, dict[str, Any]]] = [
    ("orgs", "/federations", federation("h-auth", WUJIN)),
    ("orgs", "/federations/wj-park/inspections", {"inspected_on": "2024-01-01", "finding": "active"}),
    ("activities", "/care-activities", activity("wj-park")),
    ("activities", "/care-activities/act-wj-park/retraction", {"reason": "x"}),
]
READS: list[tuple[str, str]] = [
    ("orgs", "/federations/wj-park"),
    ("activities", "/care-activities/act-wj-park"),
    ("projections", "/counts"),
    ("projections", "/federations/wj-park/guided"),
    ("projections", "/audit/log"),
    ("projections", "/feed"),
    ("projections", "/me"),
]
FORGED = ["nj_nope_nope", "nj_" + "a" * 16 + "_" + "b" * 43, "Basic YWRtaW46YWRtaW4=", "null", "x" * 4000]


@pytest.mark.parametrize(("service", "path", "body"), WRITES)
def test_a_command_without_a_valid_token_or_role_is_refused_and_records_nothing(
    stack: Stack, service: str, path: str, body: dict[str, Any]
) -> None:
    before = stack.events()
    answers = [stack.call(service, "POST", path, None, json=body)]
    answers += [stack.call(service, "POST", path, forged, json=body) for forged in FORGED]
    wrong_roles = [stack.call(service, "POST", path, role, json=body) for role in ("reporter", "auditor", "integrator")]
    assert [(a.status_code, a.json()["error"]["code"]) for a in answers] == [(401, "unauthenticated")] + [
        (401, "invalid_token")
    ] * len(FORGED)
    assert [(a.status_code, a.json()["error"]["code"]) for a in wrong_roles] == [(403, "forbidden")] * 3
    assert stack.events() == before


@pytest.mark.parametrize(("service", "path"), READS)
def test_a_read_without_a_valid_token_is_refused(stack: Stack, service: str, path: str) -> None:
    bare = stack.call(service, "GET", path)
    forged = stack.call(service, "GET", path, FORGED[1])
    assert (bare.status_code, bare.json()["error"]["code"]) == (401, "unauthenticated")
    assert (forged.status_code, forged.json()["error"]["code"]) == (401, "invalid_token")
    assert "wj-park" not in bare.text + forged.text


def test_a_reporter_may_not_read_the_audit_log_nor_an_integrator_the_reports(stack: Stack) -> None:
    audit = stack.call("projections", "GET", "/audit/log", "reporter")
    counts = stack.call("projections", "GET", "/counts", "integrator")
    assert (audit.status_code, audit.json()["error"]["code"]) == (403, "forbidden")
    assert (counts.status_code, counts.json()["error"]["code"]) == (403, "forbidden")


@pytest.mark.parametrize(("service", "path", "body"), WRITES[:1] + WRITES[2:3])
def test_two_authorization_headers_or_two_keys_are_refused_whichever_comes_first(
    stack: Stack, service: str, path: str, body: dict[str, Any]
) -> None:
    """A server reads the first of two headers, a proxy in front of it perhaps the last: which token
    or which key is meant is not guessed."""
    before = stack.events()
    base = {"orgs": stack.orgs, "activities": stack.activities}[service].url
    valid, forged = f"Bearer {stack.tokens['wujin_recorder']}", f"Bearer {FORGED[0]}"
    answers = []
    for first, second in ((valid, forged), (forged, valid), (valid, valid)):
        headers = [("Authorization", first), ("Authorization", second)]
        answers.append(httpx.post(base + path, headers=headers, json=body, timeout=30))
    keys = [("Authorization", valid), ("Idempotency-Key", "k-a"), ("Idempotency-Key", "k-b")]
    answers.append(httpx.post(base + path, headers=keys, json=body, timeout=30))
    assert [(a.status_code, a.json()["error"]["code"]) for a in answers] == [(401, "ambiguous_token")] * 3 + [
        (422, "invalid_request")
    ]
    assert answers[-1].json()["error"]["fields"][0]["field"] == "Idempotency-Key"
    assert stack.events() == before
