"""A reused Idempotency-Key: the same request gets the first answer; another request with the key
gets 422 `idempotency_key_mismatch`, in the caller's language, and nothing is appended."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.hostile.conftest import WUJIN, Stack, activity, federation

pytestmark = pytest.mark.e2e


def keyed(key: str, language: str = "zh-CN") -> dict[str, str]:
    return {"Idempotency-Key": key, "Accept-Language": language}


def first_then_other(stack: Stack, service: str, path: str, body: dict[str, Any], other: dict[str, Any]) -> None:
    key = f"hostile-{uuid.uuid4()}"
    first = stack.call(service, "POST", path, "wujin_recorder", json=body, headers=keyed(key))
    assert first.status_code == 201, first.text
    before = stack.events()
    again = stack.call(service, "POST", path, "wujin_recorder", json=body, headers=keyed(key))
    assert (again.status_code, again.json()) == (201, first.json())
    for language, word in (("zh-CN", "新的"), ("en", "new key")):
        refused = stack.call(service, "POST", path, "wujin_recorder", json=other, headers=keyed(key, language))
        assert (refused.status_code, refused.json()["error"]["code"]) == (422, "idempotency_key_mismatch")
        assert word in refused.json()["error"]["message"]
    assert stack.events() == before


def test_founding_with_a_reused_key(stack: Stack) -> None:
    body = federation("h-idem", WUJIN)
    first_then_other(stack, "orgs", "/federations", body, {**body, "women_members": 121})
    unnamed = {k: v for k, v in body.items() if k != "federation_id"}
    first_then_other(stack, "orgs", "/federations", unnamed, {**unnamed, "name": "另一个妇联"})


def test_holding_and_correcting_with_a_reused_key(stack: Stack) -> None:
    body = activity("wj-park", activity_id="h-idem-act")
    first_then_other(stack, "activities", "/care-activities", body, {**body, "people_served": 999})
    path = "/care-activities/h-idem-act/corrections"
    change = {"people_served": 150, "reason": "补录"}
    first_then_other(stack, "activities", path, change, {**change, "people_served": 151})


def test_a_key_reused_for_another_entity_is_refused(stack: Stack) -> None:
    key = f"hostile-{uuid.uuid4()}"
    first = stack.call(
        "orgs", "POST", "/federations", "wujin_recorder", json=federation("h-k1", WUJIN), headers=keyed(key)
    )
    assert first.status_code == 201, first.text
    before = stack.events()
    other = stack.call(
        "orgs", "POST", "/federations", "wujin_recorder", json=federation("h-k2", WUJIN), headers=keyed(key)
    )
    assert (other.status_code, other.json()["error"]["code"]) == (422, "idempotency_key_mismatch")
    assert stack.events() == before
