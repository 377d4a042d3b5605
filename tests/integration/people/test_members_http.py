"""The people routes of the orgs service over a temporary data folder: who sees a member's name,
what the store holds, erasure, and a key store restored from before the erasure."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from niangjia_kit.keystore import KEYS_FILE, KeyStore
from niangjia_orgs.bootstrap import OrgsSettings, build_app

from tests.integration.people.bodies import HUTANG, WUJIN
from tests.support.processes import issue_token

NAME, MOBILE = "周晓燕", "13912345678"


@dataclass
class People:
    client: TestClient
    data: Path
    admin: str
    recorder: str
    other_recorder: str
    reporter: str

    def post(self, path: str, body: dict[str, Any], token: str | None = None, **headers: str) -> Any:
        auth = {"Authorization": f"Bearer {token or self.recorder}", **headers}
        return self.client.post(path, json=body, headers=auth)

    def get(self, path: str, token: str) -> Any:
        return self.client.get(path, headers={"Authorization": f"Bearer {token}"})


def start(data: Path) -> TestClient:
    settings = OrgsSettings(data_dir=data, store_url=f"sqlite:///{data / 'events.db'}")
    return TestClient(build_app(settings, today=lambda: date(2025, 1, 1)), raise_server_exceptions=False)


@pytest.fixture
def people(tmp_path: Path) -> Iterator[People]:
    tokens = tmp_path / "tokens.json"
    with start(tmp_path) as client:
        people = People(
            client=client,
            data=tmp_path,
            admin=issue_token(tokens, "admin", "admin"),
            recorder=issue_token(tokens, "武进区妇联·王芳", "recorder", WUJIN),
            other_recorder=issue_token(tokens, "乐清市妇联", "recorder", "浙江省/温州市/乐清市"),
            reporter=issue_token(tokens, "reporter", "reporter"),
        )
        assert people.post("/federations", HUTANG).status_code == 201
        yield people


def appoint(people: People, **changes: Any) -> Any:
    body = {
        "member_id": "m1",
        "federation_id": "hutang",
        "role": "chair",
        "community_roles": ["grid_leader"],
        "appointed_on": "2023-03-08",
        "personal": {"name": NAME, "mobile": MOBILE, "employer": "湖塘商贸", "title": "经理"},
        **changes,
    }
    return people.post("/members", body)


def data_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_the_admin_and_recorders_of_the_region_see_her_name_a_reporter_does_not(people: People) -> None:
    assert appoint(people).status_code == 201
    assert people.get("/members/m1", people.admin).json()["personal"]["name"] == NAME
    assert people.get("/members/m1", people.recorder).json()["personal"]["mobile"] == MOBILE
    reporter_view = people.get("/members/m1", people.reporter)
    assert reporter_view.status_code == 200 and reporter_view.json()["personal"] is None
    assert NAME not in reporter_view.text
    readers = [a.role for a in KeyStore(people.data / KEYS_FILE).accesses("m1")]
    assert readers == ["admin", "recorder"]


def test_the_store_holds_only_ciphertext_and_the_actor_is_a_pseudonym(people: People) -> None:
    assert appoint(people).status_code == 201
    stored = data_bytes(people.data)
    assert NAME.encode() not in stored and MOBILE.encode() not in stored
    events = b"".join(p.read_bytes() for p in people.data.glob("events.db*"))
    assert b"AES-256-GCM" in events and "王芳".encode() not in events


def test_a_recorder_outside_the_region_may_not_appoint(people: People) -> None:
    answer = people.post("/members", {**_body(), "member_id": "m2"}, people.other_recorder)
    unknown = people.post("/members", {**_body(), "member_id": "m3", "federation_id": "nobody"}, people.other_recorder)
    assert answer.status_code == unknown.status_code == 409  # the federation is as unknown to her
    assert answer.json()["error"]["code"] == unknown.json()["error"]["code"]
    assert people.get("/members/m2", people.admin).status_code == 404


def _body() -> dict[str, Any]:
    return {
        "federation_id": "hutang",
        "role": "executive_member",
        "appointed_on": "2023-03-08",
        "personal": {"name": NAME},
    }


def test_an_appointment_is_idempotent(people: People) -> None:
    first = people.post("/members", _body(), **{"Idempotency-Key": "k1"})
    again = people.post("/members", _body(), **{"Idempotency-Key": "k1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()


def test_unknown_federation_and_bad_input_are_refused(people: People) -> None:
    assert people.post("/members", {**_body(), "federation_id": "nowhere"}).status_code == 409
    assert people.post("/members", {**_body(), "personal": {"name": ""}}).status_code == 422
    assert people.post("/members", {**_body(), "role": "queen"}).status_code == 422


def test_erasure_is_for_the_admin_and_leaves_nothing_personal(people: People) -> None:
    assert appoint(people).status_code == 201
    erasure = {"erased_on": "2024-12-01", "reason": "person_requested"}
    assert people.post("/members/m1/erasure", erasure, people.recorder).status_code == 403
    assert people.post("/members/m1/erasure", erasure, people.admin).status_code == 201
    assert people.post("/members/m1/erasure", erasure, people.admin).status_code == 409
    view = people.get("/members/m1", people.admin).json()
    assert view["erased"] is True and view["personal"]["name"] == "已删除" and view["role"] == "chair"
    assert KeyStore(people.data / KEYS_FILE).key("m1") is None
    assert appoint(people, member_id="m1").status_code == 409


def test_a_key_store_restored_from_before_the_erasure_forgets_her_again(tmp_path: Path, people: People) -> None:
    assert appoint(people).status_code == 201
    backup = tmp_path / "keys-backup.db"
    shutil.copyfile(people.data / KEYS_FILE, backup)
    erasure = {"erased_on": "2024-12-01", "reason": "person_requested"}
    assert people.post("/members/m1/erasure", erasure, people.admin).status_code == 201
    people.client.__exit__(None, None, None)
    shutil.copyfile(backup, people.data / KEYS_FILE)
    assert KeyStore(people.data / KEYS_FILE).key("m1") is not None  # the old key is back on disk...
    with start(people.data) as client:  # ...until the service starts and re-applies the erasure
        people.client = client
        assert KeyStore(people.data / KEYS_FILE).key("m1") is None
        assert people.get("/members/m1", people.admin).json()["personal"]["name"] == "已删除"


def test_a_lost_key_store_is_recovered_from_its_own_backup_and_the_names_read_back(
    tmp_path: Path, people: People
) -> None:
    assert appoint(people).status_code == 201
    backup = tmp_path / "keys.backup.db"
    assert KeyStore(people.data / KEYS_FILE).backup(backup) == 1
    people.client.__exit__(None, None, None)
    (people.data / KEYS_FILE).unlink()  # the disaster: the key store is lost, the events are not
    with start(people.data) as client:
        people.client = client
        assert people.get("/members/m1", people.admin).json()["personal"]["name"] == "已删除"
    shutil.copyfile(backup, people.data / KEYS_FILE)  # the recovery: `niangjia keys restore`
    with start(people.data) as client:
        people.client = client
        assert people.get("/members/m1", people.admin).json()["personal"]["name"] == NAME
