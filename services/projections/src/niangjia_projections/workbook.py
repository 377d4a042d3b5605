"""A report as an Excel workbook for paperwork: the stamp (region, both clocks, the log position,
when it was exported) above the figures, headers and codes by their names, money in yuan and
shares as percentages as numbers, times in China time.

Every cell holds a value, never a formula: a text that starts as a formula would (`exports.FORMULA_STARTS`)
is written as a string (openpyxl would otherwise take a leading = for a formula) and marked with
Excel's quote prefix.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from niangjia_projections.exports import FORMULA_STARTS
from niangjia_projections.glossary import FIELDS, Lang, field, name, stamp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHINA = timezone(timedelta(hours=8))
CODED = frozenset(
    {
        "domain",
        "sector",
        "kind",
        "level",
        "status",
        "setting",
        "theme",
        "campaign",
        "event_type",
        "org_type",
        "type",
        "dormant_by",
        "last_finding",
        "finding",
        "organiser_kind",
        "service_area",
        "chamber_origin",
        "set",
    }
)
MONEY = frozenset({"goods_value_yuan"})
SHARES = frozenset({"share"})
TIMES = frozenset({"recorded_at", "known_at"})
MACHINE = frozenset(
    {"command_id", "correlation_id", "causation_id", "schema_version", "event_id", "region_code", "more"}
)
"""Columns left out: ids and flags for machines."""
HIDDEN = MACHINE | {"as_of", "known_at", "region"}
"""Keys not repeated under the report: the clocks and the region are in the stamp."""
BOLD = Font(bold=True)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the sheet says about itself: which report, where, on which clocks, at which log position."""

    title: str
    region: str | None
    as_of: str | None
    known_at: str | None
    position: int | None


def china_time(value: str | datetime) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S") + " (UTC+8)"


def put(sheet: Worksheet, row: int, column: int, value: Any, *, bold: bool = False) -> Cell:
    """Write one cell: numbers as numbers, every text as a string (never a formula)."""
    cell: Cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    if bold:
        cell.font = BOLD
    return cell


class Sheet:
    """A sheet written row after row."""

    def __init__(self, sheet: Worksheet, lang: Lang) -> None:
        self.sheet, self.lang, self.row = sheet, lang, 0

    def line(self, values: Sequence[Any], *, bold: bool = False, formats: Sequence[str | None] = ()) -> None:
        self.row += 1
        for column, value in enumerate(values, 1):
            cell = put(self.sheet, self.row, column, value, bold=bold)
            number_format = formats[column - 1] if column - 1 < len(formats) else None
            if number_format:
                cell.number_format = number_format

    def blank(self) -> None:
        self.row += 1


def shown(key: str, value: Any, lang: Lang) -> tuple[Any, str | None]:
    """A value as a cell shows it, with its number format."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return stamp("yes" if value else "no", lang), None
    if key in MONEY or key in SHARES:
        try:
            number = float(Decimal(str(value)))
        except InvalidOperation:
            return str(value), None
        return number, ("#,##0.00" if key in MONEY else "0.0%")
    if key in TIMES and isinstance(value, str):
        return china_time(value), None
    if key in CODED and isinstance(value, str):
        return name(value, lang), None
    listed = "、" if lang == "zh" else ", "
    if key == "corrected_fields" and isinstance(value, list):
        return listed.join(field(str(v), lang) for v in value), None
    if isinstance(value, dict):
        return facts(value, lang), None
    if isinstance(value, list):
        return listed.join(str(shown(key, v, lang)[0]) for v in value), None
    return value, None


def facts(data: dict[str, Any], lang: Lang) -> str:
    """An event's facts as one readable line: `名称：…；领域：非公企业；…`."""
    parts = []
    for key, value in data.items():
        if value is None or key in ("region",):
            continue
        text, number_format = shown(key, value, lang)
        if number_format and isinstance(text, float):  # money and shares as the cells show them: 1,200.00, 7.6%
            text = f"{text:.1%}" if key in SHARES else f"{text:,.2f}"
        parts.append(f"{field(key, lang)}：{text}" if lang == "zh" else f"{field(key, lang)}: {text}")
    return ("；" if lang == "zh" else "; ").join(parts)


def _scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns and key not in MACHINE and key != "children":
                columns.append(key)
    return columns


def _tree_rows(nodes: list[dict[str, Any]], depth: int = 0) -> Iterable[dict[str, Any]]:
    """A tree's nodes in reading order, each name indented by its depth."""
    for node in nodes:
        yield {**node, "name": "　" * depth + str(node.get("name", ""))}
        yield from _tree_rows(node.get("children") or [], depth + 1)


def body(out: Sheet, report: dict[str, Any], lang: Lang) -> None:
    """The report's figures: its own values first, then each section under its name."""
    for key, value in report.items():
        if key in HIDDEN or not _scalar(value) or value is None:  # nothing to say: no filter, no next page
            continue
        cell, number_format = shown(key, value, lang)
        out.line([field(key, lang), cell], formats=[None, number_format])
    for key, value in report.items():
        if key in HIDDEN or _scalar(value):
            continue
        out.blank()
        out.line([field(key, lang)], bold=True)
        if isinstance(value, dict):
            _mapping(out, key, value, lang)
        else:
            rows = list(_tree_rows(value)) if key == "children" else [r for r in value if isinstance(r, dict)]
            _table(out, rows, lang)


def _mapping(out: Sheet, key: str, value: dict[str, Any], lang: Lang) -> None:
    if all(_scalar(v) for v in value.values()):
        for code, figure in value.items():
            cell, number_format = shown(code, figure, lang)
            # a region by its path; a figure by its field's name (a section's: 有效覆盖's 正常运行的妇联), a code by its own
            label = code if key == "by_region" else field(code, lang) if code in FIELDS else name(code, lang)
            out.line([label, cell], formats=[None, number_format])
        return
    if all(isinstance(v, dict) for v in value.values()) and key.startswith("by_"):
        inner = _columns(value.values())
        out.line([field(key, lang), *(field(c, lang) for c in inner)], bold=True)
        for code, figures in value.items():
            out.line([name(code, lang), *(shown(c, figures.get(c), lang)[0] for c in inner)])
        return
    body(out, value, lang)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its nested figures as columns of their own (`effective_coverage.share`); an
    event's facts (`data`) stay one column."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and key != "data":
            out.update({f"{key}.{inner}": figure for inner, figure in _flat(value).items()})
        else:
            out[key] = value
    return out


_BOUNDS = frozenset({"start", "end"})
"""The inner figures that read on from their section's name ("period from"); the others follow a colon
in English ("effective coverage: share")."""


def _header(column: str, lang: Lang) -> str:
    parts = column.split(".")
    names = [field(p, lang) if p in FIELDS else name(p, lang) for p in parts]
    if lang == "zh":
        return "·".join(names)
    return names[0] + "".join(
        (" " if part in _BOUNDS else ": ") + text for part, text in zip(parts[1:], names[1:], strict=True)
    )


def _table(out: Sheet, rows: list[dict[str, Any]], lang: Lang) -> None:
    flat = [_flat(row) for row in rows]
    columns = _columns(flat)
    out.line([_header(c, lang) for c in columns], bold=True)
    for row in flat:
        cells = [shown(c.rsplit(".", 1)[-1], row.get(c), lang) for c in columns]
        out.line([value for value, _ in cells], formats=[f for _, f in cells])


def sheet_name(title: str) -> str:
    """A title as a sheet's name, by Excel's rule (at most 31 characters, none of `:\\/?*[]`): a colon
    becomes a dash; a title too long for that is named by what stands before its colon, or ends at
    its last whole word that fits."""

    def clean(text: str) -> str:
        return " ".join(re.sub(r"[\\/?*\[\]]", " ", re.sub(r"\s*:\s*", " - ", text)).split())

    text = clean(title)
    if len(text) > 31 and ":" in title:
        text = clean(title.split(":", 1)[0])
    if len(text) > 31:
        cut = text[:32].rsplit(" ", 1)[0] if " " in text[:32] else text[:31]
        text = cut.rstrip(" -,;")
    return text or "report"


def workbook(head: Stamp, report: dict[str, Any], lang: Lang) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name(head.title)
    out = Sheet(sheet, lang)
    out.line([head.title], bold=True)
    out.line([stamp("region", lang), head.region or stamp("all_regions", lang)])
    out.line([stamp("as_of", lang), head.as_of or stamp("as_of_today", lang)])
    out.line([stamp("known_at", lang), china_time(head.known_at) if head.known_at else stamp("known_now", lang)])
    out.line([stamp("position", lang), head.position if head.position is not None else ""])
    out.line([stamp("exported_at", lang), china_time(datetime.now(UTC))])
    out.blank()
    body(out, report, lang)
    sheet.column_dimensions["A"].width = 34
    for letter in "BCDEFGHIJKLMN":
        sheet.column_dimensions[letter].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
