"""Every report as an Excel workbook over HTTP: Chinese headers and names (English on request), the
stamp (region, both clocks, log position), the report's own role and scope, never a formula."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.integration.projections.serving import auth, serving
from tests.unit.projections.harness import TOWN, Recorded, at, corrected, founded, held, opened

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA = '=HYPERLINK("http://example.invalid","x")'
HISTORY = [
    Recorded(at("2024-01-02"), founded("zone", domain="industrial_park", level="town")),
    *[Recorded(at("2024-01-03"), founded(f"e{i}", guided_by="zone")) for i in range(3)],
    Recorded(at("2024-01-03"), founded("evil").model_copy(update={"name": FORMULA})),
    Recorded(at("2024-01-04"), founded("far", region="浙江省/温州市/乐清市")),
    Recorded(at("2024-01-05"), opened("m1", "zone")),
    Recorded(at("2024-02-05"), held("a1", "zone", "2024-02-01", goods="99900.00")),
    Recorded(at("2024-03-05"), corrected("a1", "zone", "2024-02-01", people=7)),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with serving(tmp_path_factory.mktemp("exports"), HISTORY, ledger=False) as served:
        yield served


def _cells(body: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _text(rows: list[list[Any]]) -> str:
    return "\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows)


def test_counts_in_chinese_with_the_stamp(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    answer = client.get("/exports/counts.xlsx", params={"as_of": "2024-06-30"}, headers=auth(tokens["town"]))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == XLSX
    assert answer.headers["x-log-position"] == str(len(HISTORY))
    rows = _cells(answer.content)
    assert rows[0][0] == "组织数量统计"
    stamp = {row[0]: row[1] for row in rows[1:6]}
    assert stamp["地区"] == TOWN  # the token's scope
    assert stamp["业务日期（as_of）"] == "2024-06-30"
    assert stamp["日志位置（X-Log-Position）"] == len(HISTORY)
    text = _text(rows)
    assert "按领域" in text and "非公企业" in text and "园区" in text
    assert "non_public_enterprise" not in text and "industrial_park" not in text
    assert "乐清" not in text  # the county outside the token's scope


def test_english_on_request(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    by_param = _text(_cells(client.get("/exports/counts.xlsx?lang=en", headers=auth(tokens["reporter"])).content))
    assert "by domain" in by_param and "non-public enterprise" in by_param
    year = _text(_cells(client.get("/exports/campaigns/2024.xlsx?lang=en", headers=auth(tokens["reporter"])).content))
    assert "period from\tperiod to" in year and "·" not in year  # a nested figure's header in words
    by_header = client.get("/exports/counts.xlsx", headers=auth(tokens["reporter"], **{"Accept-Language": "en-GB"}))
    assert _cells(by_header.content)[0][0] == "Organisations counted"
    for path in PATHS:  # every sheet's name is one Excel accepts, in either language
        for lang in ("zh", "en"):
            answer = client.get(path, params={"lang": lang}, headers=auth(tokens["auditor"]))
            assert answer.status_code == 200, (path, lang, answer.text)


PATHS = (
    "/exports/counts.xlsx",
    "/exports/campaigns/2024.xlsx",
    "/exports/campaigns/2024/Q1.xlsx",
    "/exports/dormant.xlsx",
    "/exports/federations/zone/guided.xlsx",
    "/exports/members/report.xlsx",
    "/exports/audit/entities/a1.xlsx",
)


def test_a_name_that_looks_like_a_formula_stays_text(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    body = client.get("/exports/dormant.xlsx", params={"since": "2024-12-31"}, headers=auth(tokens["reporter"]))
    sheet = load_workbook(io.BytesIO(body.content)).active
    assert sheet is not None
    found = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
    assert found and all(cell.data_type == "s" for cell in found)
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_every_report_has_its_workbook(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    for path, title in (
        ("/exports/campaigns/2024.xlsx", "四季关爱行动年度报表"),
        ("/exports/campaigns/2024/Q1.xlsx", "四季关爱行动季度报表"),
        ("/exports/dormant.xlsx", "休眠组织名单"),
        ("/exports/federations/zone/guided.xlsx", "“1+N”组织树"),
        ("/exports/members/report.xlsx", "执委与“一执委一实事”项目统计"),
    ):
        answer = client.get(path, headers=auth(tokens["reporter"]))
        assert answer.status_code == 200, (path, answer.text)
        rows = _cells(answer.content)
        assert rows[0][0] == title
        assert "spring_warmth" not in _text(rows) and "micro_home" not in _text(rows)
        # a section's figures by their names too (有效覆盖's 正常运行的妇联, not federations_open)
        assert not [
            code for code in ("federations_open", "share", "people_served", "goods_value_yuan") if code in _text(rows)
        ]
    quarter = _text(_cells(client.get("/exports/campaigns/2024/Q1.xlsx", headers=auth(tokens["reporter"])).content))
    assert "春送温暖" in quarter and "爱心物资（元）" in quarter
    tree = _text(_cells(client.get("/exports/federations/zone/guided.xlsx", headers=auth(tokens["reporter"])).content))
    assert "federation e0" in tree and "妇女微家" in tree


def test_the_audit_timeline_reads_as_names(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    assert client.get("/exports/audit/entities/a1.xlsx", headers=auth(tokens["reporter"])).status_code == 403
    assert client.get("/exports/audit/entities/ghost.xlsx", headers=auth(tokens["auditor"])).status_code == 404
    text = _text(_cells(client.get("/exports/audit/entities/a1.xlsx", headers=auth(tokens["auditor"])).content))
    assert "关爱活动" in text and "更正" in text and "更正项：受益人次" in text
    assert "(UTC+8)" in text and "CareActivityCorrected" not in text


def test_the_reports_refusals_hold(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    assert client.get("/exports/counts.xlsx").status_code == 401
    assert client.get("/exports/counts.xlsx", headers=auth(tokens["integrator"])).status_code == 403
    outside = client.get("/exports/counts.xlsx", params={"region": "浙江省"}, headers=auth(tokens["town"]))
    assert outside.status_code == 403 and outside.json()["error"]["code"] == "out_of_scope"
    far = client.get("/exports/federations/far/guided.xlsx", headers=auth(tokens["town"]))
    ghost = client.get("/exports/federations/ghost/guided.xlsx", headers=auth(tokens["town"]))
    assert far.status_code == ghost.status_code == 404  # beyond the scope answers as unknown
    assert client.get("/exports/federations/nobody/guided.xlsx", headers=auth(tokens["reporter"])).status_code == 404
    assert client.get("/exports/campaigns/2024/Q5.xlsx", headers=auth(tokens["reporter"])).status_code == 422
    assert client.get("/exports/counts.xlsx?lang=fr", headers=auth(tokens["reporter"])).status_code == 422
    naive = client.get("/exports/counts.xlsx?known_at=2024-01-01T00:00:00", headers=auth(tokens["reporter"]))
    assert naive.status_code == 422
