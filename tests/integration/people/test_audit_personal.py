"""The audit log opens an appointment's sealed personal data for the admin only: in pages, timelines and
exports, every person opened recorded in the access log; an auditor sees the ciphertext as stored and no
name; an erased member reads 已删除 everywhere and her name is in no answer."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from niangjia_contracts import ERASED
from niangjia_kit.keystore import KEYS_FILE, KeyStore
from niangjia_projections.bootstrap import build_app as projections_app
from niangjia_projections.settings import ProjectionsSettings
from openpyxl import load_workbook

from tests.integration.people.appointed import appoint, bearer
from tests.integration.people.bodies import WUJIN
from tests.support.processes import issue_token, token_id

ERASED_VIEW = dict.fromkeys(("name", "mobile", "employer", "title"), ERASED)


@pytest.fixture
def stack(tmp_path: Path) -> tuple[Path, dict[str, str], int]:
    data = tmp_path / "data"
    tokens = {
        "admin": issue_token(data / "tokens.json", "admin", "admin"),
        "recorder": issue_token(data / "tokens.json", "武进区妇联·王芳", "recorder", WUJIN),
        "auditor": issue_token(data / "tokens.json", "auditor", "auditor"),
    }
    return data, tokens, appoint(data, tokens["recorder"], tokens["admin"])


def accesses(data: Path) -> list[tuple[str, str, str]]:
    keys = KeyStore(data / KEYS_FILE)
    try:
        return [(a.reader, a.key_id, a.purpose) for a in keys.accesses() if a.purpose.startswith("audit")]
    finally:
        keys.close()


def test_the_admin_reads_names_in_the_log_the_timeline_and_every_export(
    stack: tuple[Path, dict[str, str], int],
) -> None:
    data, tokens, position = stack
    admin = bearer(tokens["admin"])
    with TestClient(projections_app(ProjectionsSettings(data_dir=data)), raise_server_exceptions=False) as client:
        log = client.get(
            "/audit/log", params={"event_type": "MemberAppointed", "min_position": position}, headers=admin
        )
        assert log.status_code == 200, log.text
        by_member = {item["data"]["member_id"]: item for item in log.json()["items"]}
        assert by_member["m1"]["personal"] == {
            "name": "周晓燕",
            "mobile": "13912345678",
            "employer": None,
            "title": None,
        }
        assert by_member["m1"]["data"]["personal"]["ciphertext"]  # the event as stored: sealed
        assert by_member["m2"]["personal"] == ERASED_VIEW and "李晓燕" not in log.text
        assert accesses(data) == [(token_id(tokens["admin"]), m, "audit_log") for m in ("m1", "m3", "m4")]

        timeline = client.get("/audit/entities/m1", headers=admin).json()
        assert next(item["personal"] for item in timeline["items"])["name"] == "周晓燕"
        founded = client.get("/audit/entities/hutang", headers=admin).json()
        assert founded["items"] and all(item["personal"] is None for item in founded["items"])

        exported = client.get("/audit/log", params={"event_type": "MemberAppointed", "format": "csv"}, headers=admin)
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert [json.loads(r["personal"])["name"] for r in rows] == ["周晓燕", ERASED, "王芳", "Zhou Xiaoyan"]
        lines = client.get("/audit/log", params={"event_type": "MemberAppointed", "format": "jsonl"}, headers=admin)
        assert next(json.loads(line)["personal"]["name"] for line in lines.text.splitlines()) == "周晓燕"
        assert "李晓燕" not in exported.text + lines.text
        workbook = client.get("/exports/audit/entities/m1.xlsx", headers=admin)
        assert workbook.status_code == 200, workbook.text
        sheet = load_workbook(io.BytesIO(workbook.content)).active
        assert sheet is not None
        assert "周晓燕" in {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    purposes = {purpose for _, _, purpose in accesses(data)}
    assert purposes == {
        "audit_log",
        "audit_timeline",
        "audit_export_csv",
        "audit_export_jsonl",
    }  # the workbook: a timeline


def test_an_auditor_sees_the_sealed_data_as_stored_and_no_name(stack: tuple[Path, dict[str, str], int]) -> None:
    data, tokens, position = stack
    auditor = bearer(tokens["auditor"])
    with TestClient(projections_app(ProjectionsSettings(data_dir=data)), raise_server_exceptions=False) as client:
        answers: list[Any] = [
            client.get("/audit/log", params={"min_position": position}, headers=auditor),
            client.get("/audit/log", params={"format": "csv"}, headers=auditor),
            client.get("/audit/log", params={"format": "jsonl"}, headers=auditor),
            client.get("/audit/entities/m1", headers=auditor),
        ]
        assert all(a.status_code == 200 for a in answers)
        assert all(item["personal"] is None for item in answers[0].json()["items"])
        for answer in answers:
            assert "周晓燕" not in answer.text and "13912345678" not in answer.text
    assert accesses(data) == []
