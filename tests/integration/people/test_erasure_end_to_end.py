"""Erasure end to end over one data folder: the orgs service appoints a member and the projections
service reports her; the admin sees her name and a reporter does not; after the erasure a byte
search of the whole folder (event store, read models live and rebuilt, key store) finds her name
and number nowhere, the counts are unchanged and the ledger still verifies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from niangjia_kit.keystore import KEYS_FILE, KeyStore
from niangjia_orgs.bootstrap import OrgsSettings
from niangjia_orgs.bootstrap import build_app as orgs_app
from niangjia_projections.bootstrap import build_app as projections_app
from niangjia_projections.rebuild.read_models import rebuild_read_models
from niangjia_projections.settings import ProjectionsSettings
from typer.testing import CliRunner

from niangjia.cli import build_app as cli_app
from niangjia.i18n import set_language
from tests.integration.people.bodies import HUTANG, WUJIN
from tests.support.http import bearer
from tests.support.processes import issue_token

NAME, MOBILE, EMPLOYER = "周晓燕", "13912345678", "晓燕花木商行"
SECRETS = [s.encode() for s in (NAME, MOBILE, EMPLOYER)] + [
    json.dumps(s).strip('"').encode()
    for s in (NAME, EMPLOYER)  # as JSON would escape them
]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("zh")


def found_anywhere(folder: Path) -> list[str]:
    """Every file under `folder` holding any of her personal data, byte for byte."""
    return [str(p) for p in sorted(folder.rglob("*")) if p.is_file() and any(s in p.read_bytes() for s in SECRETS)]


def record(data: Path, admin: str, recorder: str) -> int:
    settings = OrgsSettings(data_dir=data, store_url=f"sqlite:///{data / 'events.db'}")
    with TestClient(orgs_app(settings, today=lambda: date(2025, 1, 1)), raise_server_exceptions=False) as orgs:
        assert orgs.post("/federations", json=HUTANG, headers=bearer(recorder)).status_code == 201
        personal = {"name": NAME, "mobile": MOBILE, "employer": EMPLOYER, "title": "经理"}
        member = {"member_id": "m1", "federation_id": "hutang", "role": "chair", "appointed_on": "2023-03-08"}
        answer = orgs.post("/members", json={**member, "personal": personal}, headers=bearer(recorder))
        assert answer.status_code == 201, answer.text
        other = {**member, "member_id": "m2", "role": "executive_member", "personal": {"name": "李娜"}}
        assert orgs.post("/members", json=other, headers=bearer(recorder)).status_code == 201
        project = {
            "member_id": "m1",
            "service_area": "womens_entrepreneurship",
            "title": "巾帼创业沙龙",
            "target": "6 salons",
            "pledged_on": "2024-03-01",
        }
        answer = orgs.post("/projects", json=project, headers=bearer(recorder))
        assert answer.status_code == 201, answer.text
        return int(answer.json()["position"])


def erase(data: Path, admin: str) -> int:
    settings = OrgsSettings(data_dir=data, store_url=f"sqlite:///{data / 'events.db'}")
    with TestClient(orgs_app(settings, today=lambda: date(2025, 1, 1)), raise_server_exceptions=False) as orgs:
        body = {"erased_on": "2024-12-01", "reason": "person_requested"}
        answer = orgs.post("/members/m1/erasure", json=body, headers=bearer(admin))
        assert answer.status_code == 201, answer.text
        return int(answer.json()["position"])


def reports(data: Path, tokens: dict[str, str], position: int) -> dict[str, Any]:
    with TestClient(projections_app(ProjectionsSettings(data_dir=data))) as client:
        seen: dict[str, Any] = {}
        for who in ("admin", "reporter"):
            params = {"min_position": position}
            answer = client.get("/members/directory", params=params, headers=bearer(tokens[who]))
            assert answer.status_code == 200, answer.text
            seen[who] = answer.json()
        seen["report"] = client.get("/members/report", headers=bearer(tokens["reporter"])).json()
        xlsx = client.get("/members/directory.xlsx", headers=bearer(tokens["admin"]))
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
        seen["xlsx"] = client.get("/members/directory.xlsx", headers=bearer(tokens["reporter"])).status_code
        return seen


def cli(*args: str) -> str:
    result = CliRunner().invoke(cli_app(), list(args))
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_an_erased_member_is_gone_from_the_whole_data_folder_and_the_ledger_verifies(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tokens = {
        "admin": issue_token(data / "tokens.json", "admin", "admin"),
        "recorder": issue_token(data / "tokens.json", "武进区妇联·王芳", "recorder", WUJIN),
        "reporter": issue_token(data / "tokens.json", "reporter", "reporter"),
    }
    position = record(data, tokens["admin"], tokens["recorder"])
    before = reports(data, tokens, position)
    assert before["admin"]["items"][0]["name"] == NAME and before["admin"]["items"][0]["mobile"] == MOBILE
    assert before["reporter"]["items"][0]["name"] is None and NAME not in json.dumps(before["reporter"])
    assert before["xlsx"] == 403
    assert before["report"]["by_role"] == {"chair": 1, "executive_member": 1}
    assert before["report"]["projects"]["by_service_area"] == {
        "womens_entrepreneurship": {"pledged": 1, "completed": 0}
    }
    (data / "tokens.json").unlink()  # only the tokens file holds a name on purpose (the recorder's subject)
    assert found_anywhere(data) == []  # ciphertext only, before the erasure too
    cli("ledger", "sync", "--data-dir", str(data))
    key = KeyStore(data / KEYS_FILE).key("m1")
    assert key is not None

    for who, role, scope in (("admin", "admin", None), ("reporter", "reporter", None)):
        tokens[who] = issue_token(data / "tokens.json", who, role, scope)
    position = erase(data, tokens["admin"])
    after = reports(data, tokens, position)
    assert after["admin"]["items"][0]["name"] == "已删除" and after["admin"]["items"][0]["mobile"] == "已删除"
    assert after["report"] == before["report"]

    rebuild_read_models(ProjectionsSettings(data_dir=data), processes=1)
    rebuilt = reports(data, tokens, position)
    assert rebuilt["admin"] == after["admin"] and rebuilt["report"] == before["report"]
    assert found_anywhere(data) == []
    assert not any(key in p.read_bytes() for p in data.rglob("*") if p.is_file())  # the key itself is gone
    assert "verified" in cli("verify", "--data-dir", str(data))
    cli("ledger", "sync", "--data-dir", str(data))
    assert "verified" in cli("verify", "--data-dir", str(data))


def test_a_key_store_backup_restored_after_an_erasure_keeps_her_erased(tmp_path: Path) -> None:
    data = tmp_path / "data"
    admin = issue_token(data / "tokens.json", "admin", "admin")
    recorder = issue_token(data / "tokens.json", "recorder", "recorder", WUJIN)
    record(data, admin, recorder)
    backup = tmp_path / "keys-before.db"
    assert "backed up 2 keys" in cli("keys", "backup", str(backup), "--data-dir", str(data))
    erase(data, admin)
    restored = cli("keys", "restore", str(backup), "--data-dir", str(data), "--replace")
    assert "restored 1 key; 1 erased again from the log" in restored
    keys = KeyStore(data / KEYS_FILE)
    assert keys.key("m1") is None and keys.key("m2") is not None
    accesses = cli("keys", "accesses", "m1", "--data-dir", str(data), "--json")
    assert accesses.startswith("[")
