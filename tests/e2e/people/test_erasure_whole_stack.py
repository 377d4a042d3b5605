"""Erasure across the whole running stack: the event store, the read models, the key store, the logs
and the NATS JetStream store on disk hold her name and number nowhere, before and after erasure,
while the member herself (her id) is found in each of them: the search reaches every file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.up.stack import Stack, demo_running

NAME, MOBILE, EMPLOYER = "林妙音", "13955501234", "妙音刺绣工作室"
SECRETS = [s.encode() for s in (NAME, MOBILE, EMPLOYER)]
MEMBER = "whole-stack-m1"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with demo_running(tmp_path_factory.mktemp("erasure") / "data") as running:
        yield running


def _holding(folder: Path, needles: list[bytes]) -> list[str]:
    return [
        str(p.relative_to(folder))
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "tokens.json" and any(n in p.read_bytes() for n in needles)
    ]


def _published(stack: Stack, position: int) -> None:
    """Until the relay has had NATS acknowledge `position` (its /health says so)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        health = httpx.get(f"http://127.0.0.1:{stack.ports.base + 3}/health").json()
        if int(health.get("last_acked_position") or 0) >= position:
            return
        time.sleep(0.2)
    raise AssertionError(f"position {position} not published: {health}")


@pytest.mark.e2e
def test_no_name_on_disk_anywhere_before_or_after_erasure(stack: Stack) -> None:
    auth = {"Authorization": f"Bearer {stack.token}"}
    member = {
        "member_id": MEMBER,
        "federation_id": "wj-hitech",
        "role": "chair",
        "appointed_on": "2024-03-08",
        "personal": {"name": NAME, "mobile": MOBILE, "employer": EMPLOYER, "title": "主理人"},
    }
    appointed = httpx.post(f"{stack.urls.orgs}/members", json=member, headers=auth)
    assert appointed.status_code == 201, appointed.text
    _published(stack, appointed.json()["position"])
    seen = httpx.get(
        f"{stack.urls.projections}/members/directory",
        params={"min_position": appointed.json()["position"]},
        headers=auth,
    )
    assert seen.status_code == 200 and NAME in seen.text  # the admin reads her name: it exists, sealed

    data = stack.data_dir
    assert any(path.startswith("nats/") for path in _holding(data, [MEMBER.encode()])), "the NATS store holds her id"
    assert _holding(data, SECRETS) == []

    erased = httpx.post(
        f"{stack.urls.orgs}/members/{MEMBER}/erasure",
        json={"erased_on": "2024-12-01", "reason": "person_requested"},
        headers=auth,
    )
    assert erased.status_code == 201, erased.text
    _published(stack, erased.json()["position"])
    after = httpx.get(
        f"{stack.urls.projections}/members/directory", params={"min_position": erased.json()["position"]}, headers=auth
    )
    assert NAME not in after.text and "已删除" in after.text
    assert _holding(data, SECRETS) == []
