"""Audit history: every event with its envelope, filtered, paginated by position, streamed."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from niangjia_kit.projection import to_us

from niangjia_projections.exports import csv_cell
from niangjia_projections.models.audit.schema import COLUMNS
from niangjia_projections.models.common import Clocks, within

OUT_COLUMNS = (*(c for c in COLUMNS if c != "recorded_us"), "personal")
"""An export's columns: the envelope, the event's data, and the person's data where a reader may open it
(niangjia_projections.audit_personal); the two last as JSON."""
_JSON_COLUMNS = frozenset({"data", "personal"})
NOW = Clocks()  # today, as the system knows it now
_SELECT = ", ".join(COLUMNS)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    entity: str | None = None
    actor: str | None = None
    event_type: str | None = None
    recorded_from: datetime | None = None
    recorded_to: datetime | None = None
    region: str | None = None
    clocks: Clocks = NOW  # as_of: events whose business date is on or before it; known_at: recorded by then

    def sql(self) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        for column, value in (("entity_id", self.entity), ("actor", self.actor), ("event_type", self.event_type)):
            if value is not None:
                clauses.append(f"{column} = :{column}")
                params[column] = value
        if self.recorded_from is not None:
            clauses.append("recorded_us >= :recorded_from")
            params["recorded_from"] = to_us(self.recorded_from)
        if self.recorded_to is not None:
            clauses.append("recorded_us < :recorded_to")
            params["recorded_to"] = to_us(self.recorded_to)
        if self.clocks.as_of is not None:
            clauses.append("occurred_on <= :as_of")
            params["as_of"] = self.clocks.day
        if self.clocks.known_at is not None:
            clauses.append("recorded_us <= :known_us")
            params["known_us"] = self.clocks.known_us
        if self.region is not None:
            where, region_params = within("region", self.region)
            clauses.append(where)
            params.update(region_params)
        return " AND ".join(clauses) or "1", params


RARE_REGION_ROWS = 5000
"""A region filter matching fewer rows than this is read through audit_by_region, else by position."""


def _plan(conn: sqlite3.Connection, where: AuditFilter) -> tuple[str, str, dict[str, Any]]:
    """The table with its index choice, the WHERE clause, and its parameters.

    A region is served by audit_by_region when the region is rare (its few rows sorted by position,
    the other filters and the clocks kept among them), and by the planner's choice otherwise (a page
    of a common region is found after a short scan in position order; sorting all of its rows for
    every page would not be). Read any other way, a rare region's page is looked for among all the
    events: an empty town's log known at a time took 13 s over ten million.
    """
    sql, params = where.sql()
    if where.region is None:
        return "audit_event", sql, params
    # one index range [region, region + '0'), then only the region itself or what lies below it
    ranged = "region >= :region AND region < :region_hi AND (region = :region OR substr(region, :region_n, 1) = '/')"
    ranged_params = {"region": where.region, "region_hi": where.region + "0", "region_n": len(where.region) + 1}
    found = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM audit_event INDEXED BY audit_by_region"  # noqa: S608
        f" WHERE {ranged} LIMIT {RARE_REGION_ROWS:d})",
        ranged_params,
    ).fetchone()[0]
    if found < RARE_REGION_ROWS:
        rest, rest_params = replace(where, region=None).sql()
        return "audit_event INDEXED BY audit_by_region", f"{ranged} AND {rest}", rest_params | ranged_params
    return "audit_event", sql, params


def as_record(row: tuple[Any, ...]) -> dict[str, Any]:
    """One audit_event row as the API serves it: the envelope's fields, `data` parsed when it is JSON."""
    item = dict(zip(COLUMNS, row, strict=True))
    del item["recorded_us"]
    with contextlib.suppress(ValueError):
        item["data"] = json.loads(item["data"])
    return item


def page(conn: sqlite3.Connection, where: AuditFilter, *, after: int = 0, limit: int = 100) -> dict[str, Any]:
    table, sql, params = _plan(conn, where)
    rows = conn.execute(
        f"SELECT {_SELECT} FROM {table} WHERE position > :after AND {sql} ORDER BY position LIMIT :limit",  # noqa: S608
        {**params, "after": after, "limit": limit},
    ).fetchall()
    items = [as_record(row) for row in rows]
    return {"items": items, "count": len(items), "next_after": items[-1]["position"] if len(items) == limit else None}


def rows(conn: sqlite3.Connection, where: AuditFilter, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching event in position order, fetched a chunk at a time (constant memory)."""
    table, sql, params = _plan(conn, where)
    after = 0
    while True:
        batch = conn.execute(
            f"SELECT {_SELECT} FROM {table} WHERE position > :after AND {sql} ORDER BY position LIMIT :limit",  # noqa: S608
            {**params, "after": after, "limit": chunk},
        ).fetchall()
        for row in batch:
            yield as_record(row)
        if len(batch) < chunk:
            return
        after = batch[-1][0]


def as_jsonl(records: Iterator[dict[str, Any]], per_chunk: int = 500) -> Iterator[bytes]:
    lines: list[str] = []
    for record in records:
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        if len(lines) >= per_chunk:
            yield ("\n".join(lines) + "\n").encode()
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode()


def _json_cell(value: Any) -> str:
    """A JSON object or array (it starts with { or [, which no spreadsheet evaluates); empty for null."""
    return "" if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def as_csv(records: Iterator[dict[str, Any]], per_chunk: int = 500) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OUT_COLUMNS)
    for written, record in enumerate(records, 1):
        writer.writerow([_json_cell(record.get(c)) if c in _JSON_COLUMNS else csv_cell(record[c]) for c in OUT_COLUMNS])
        if written % per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
