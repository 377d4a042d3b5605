"""Audit history: every event with its envelope, filtered, paginated by position, streamed."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from niangjia_projections.models.audit import COLUMNS
from niangjia_projections.queries.common import within
from niangjia_projections.runner.projection import to_us

OUT_COLUMNS = tuple(c for c in COLUMNS if c != "recorded_us")
_SELECT = ", ".join(COLUMNS)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    entity: str | None = None
    actor: str | None = None
    event_type: str | None = None
    recorded_from: datetime | None = None
    recorded_to: datetime | None = None
    region: str | None = None

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
        if self.region is not None:
            where, region_params = within("region", self.region)
            clauses.append(where)
            params.update(region_params)
        return " AND ".join(clauses) or "1", params


def _record(row: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(COLUMNS, row, strict=True))
    del record["recorded_us"]
    with contextlib.suppress(ValueError):
        record["data"] = json.loads(record["data"])
    return record


def page(conn: sqlite3.Connection, where: AuditFilter, *, after: int = 0, limit: int = 100) -> dict[str, Any]:
    sql, params = where.sql()
    rows = conn.execute(
        f"SELECT {_SELECT} FROM audit_event WHERE position > :after AND {sql} ORDER BY position LIMIT :limit",  # noqa: S608
        {**params, "after": after, "limit": limit},
    ).fetchall()
    items = [_record(row) for row in rows]
    return {"items": items, "count": len(items), "next_after": items[-1]["position"] if len(items) == limit else None}


def rows(conn: sqlite3.Connection, where: AuditFilter, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching event in position order, fetched a chunk at a time (constant memory)."""
    sql, params = where.sql()
    after = 0
    while True:
        batch = conn.execute(
            f"SELECT {_SELECT} FROM audit_event WHERE position > :after AND {sql} ORDER BY position LIMIT :limit",  # noqa: S608
            {**params, "after": after, "limit": chunk},
        ).fetchall()
        for row in batch:
            yield _record(row)
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


def as_csv(records: Iterator[dict[str, Any]], per_chunk: int = 500) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(OUT_COLUMNS)
    for written, record in enumerate(records, 1):
        writer.writerow(
            [
                json.dumps(record[c], ensure_ascii=False, separators=(",", ":")) if c == "data" else record[c]
                for c in OUT_COLUMNS
            ]
        )
        if written % per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
