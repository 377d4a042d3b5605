"""The demo data set's tables: one CSV file per kind of record, one row per record, in order.

The header names the record's fields; a cell is the field's value as text (dates as ISO days,
amounts as written, `true`/`false`, the changes of a correction as JSON), and an empty cell is a
field without a value (no field of the data set is an empty string). A table that breaks these
rules is refused with the file, line and column at fault.
"""

from __future__ import annotations

import csv
import io
import json
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from niangjia.demo.model import Record

R = TypeVar("R", bound=Record)


class TableError(ValueError):
    """A table the data set cannot be read from."""


def _boolean(text: str) -> bool:
    return {"true": True, "false": False}[text]


PARSERS: dict[type, Callable[[str], Any]] = {
    str: str,
    int: int,
    bool: _boolean,
    date: date.fromisoformat,
    Decimal: Decimal,
    dict: json.loads,
}


def _column(hint: Any) -> tuple[type, bool]:
    """A field's type (without `| None`) and whether it may be empty."""
    if get_origin(hint) in (Union, types.UnionType):
        [kind] = [arg for arg in get_args(hint) if arg is not type(None)]
        return get_origin(kind) or kind, True
    return get_origin(hint) or hint, False


def read_table(name: str, text: str, record: type[R]) -> list[R]:
    """The records of one table; `name` says which in an error."""
    hints = get_type_hints(record)
    columns = [(f.name, *_column(hints[f.name])) for f in fields(record)]  # type: ignore[arg-type]
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    if header != [column for column, _, _ in columns]:
        raise TableError(f"{name}: the header must be {','.join(c for c, _, _ in columns)}, not {','.join(header)}")
    out: list[R] = []
    for line, row in enumerate(rows, start=2):
        if len(row) != len(columns):
            raise TableError(f"{name} line {line}: {len(row)} cells for {len(columns)} columns")
        values: dict[str, Any] = {}
        for (column, kind, optional), cell in zip(columns, row, strict=True):
            if cell == "":
                if not optional:
                    raise TableError(f"{name} line {line}, {column}: a value is required")
                values[column] = None
                continue
            try:
                values[column] = PARSERS[kind](cell)
            except (ValueError, ArithmeticError, KeyError) as error:
                raise TableError(f"{name} line {line}, {column}: {cell!r} is not a {kind.__name__}") from error
        out.append(record(**values))
    return out


def _cell(value: object) -> str:
    if value is None:
        return ""
    if value == "":
        raise TableError("an empty string cannot be told from a missing value")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_table(record: type[Record], records: Iterable[Record]) -> str:
    """The text of one table, the inverse of `read_table`."""
    names: Sequence[str] = [f.name for f in fields(record)]  # type: ignore[arg-type]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([_cell(getattr(r, name)) for name in names] for r in records)
    return out.getvalue()
