"""Cells that a spreadsheet will not evaluate: every export goes through here.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and WPS; a region or a token subject such as `=HYPERLINK("…","点我")` would reach an
auditor's spreadsheet live. CSV cells get the OWASP remedy (a leading `'`, which spreadsheets show
as text); workbook cells are written as text, never as formulas (`workbook.put`).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """`value` as a CSV cell no spreadsheet evaluates (numbers and None unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
