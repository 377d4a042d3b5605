"""Four members appointed to 湖塘镇妇联 through the orgs app in-process, the second then erased."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from niangjia_orgs.bootstrap import OrgsSettings
from niangjia_orgs.bootstrap import build_app as orgs_app

from tests.integration.people.bodies import HUTANG


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def appoint(data: Path, recorder: str, admin: str) -> int:
    settings = OrgsSettings(data_dir=data, store_url=f"sqlite:///{data / 'events.db'}")
    with TestClient(orgs_app(settings, today=lambda: date(2025, 1, 1)), raise_server_exceptions=False) as orgs:
        assert orgs.post("/federations", json=HUTANG, headers=bearer(recorder)).status_code == 201
        member = {"federation_id": "hutang", "appointed_on": "2023-03-08"}
        people = [
            ("m1", "chair", {"name": "周晓燕", "mobile": "13912345678"}),
            ("m2", "executive_member", {"name": "李晓燕"}),
            ("m3", "executive_member", {"name": "王芳"}),
            ("m4", "executive_member", {"name": "Zhou Xiaoyan"}),
        ]
        for member_id, role, personal in people:
            body = {**member, "member_id": member_id, "role": role, "personal": personal}
            answer = orgs.post("/members", json=body, headers=bearer(recorder))
            assert answer.status_code == 201, answer.text
        erased = orgs.post(
            "/members/m2/erasure", json={"erased_on": "2024-12-01", "reason": "person_requested"}, headers=bearer(admin)
        )
        assert erased.status_code == 201, erased.text
        return int(erased.json()["position"])
