"""The streams of the log, as the audit read model holds every event with its envelope: streams
listed by a prefix of their id (their category, e.g. `federation-`) or by the type of an event in
them, and one stream's events in order. Read from the read model (fed through the store port), so
it is the same over every event store."""

from __future__ import annotations

import sqlite3
from typing import Any

from niangjia_projections.models.audit.queries import as_record
from niangjia_projections.models.audit.schema import COLUMNS
from niangjia_projections.models.common import within

_COLUMNS = ", ".join(f"e.{c}" for c in COLUMNS)

_REGION = "coalesce(e.region, (SELECT a.region FROM audit_entity a WHERE a.entity_id = e.entity_id))"


def _scope(region: str | None) -> tuple[str, dict[str, Any]]:
    return within(_REGION, region, key="scope")


def streams(
    conn: sqlite3.Connection,
    *,
    prefix: str = "",
    event_type: str | None = None,
    region: str | None = None,
    after: str = "",
    limit: int = 100,
) -> dict[str, Any]:
    """Streams whose id starts with `prefix` (and holds an event of `event_type`), by id, a page after `after`."""
    scope_sql, params = _scope(region)
    clauses = ["e.stream_id > :after", scope_sql]
    params = {**params, "after": after, "limit": limit}
    if prefix:
        clauses.append("substr(e.stream_id, 1, :prefix_n) = :prefix")
        params.update(prefix=prefix, prefix_n=len(prefix))
    if event_type is not None:
        clauses.append("e.stream_id IN (SELECT t.stream_id FROM audit_event t WHERE t.event_type = :event_type)")
        params["event_type"] = event_type
    rows = conn.execute(
        "SELECT e.stream_id, count(*), max(e.stream_version), min(e.position), max(e.position), max(e.recorded_at),"  # noqa: S608
        f" max(e.entity_id) FROM audit_event e WHERE {' AND '.join(clauses)}"
        " GROUP BY e.stream_id ORDER BY e.stream_id LIMIT :limit",
        params,
    ).fetchall()
    keys = ("stream_id", "events", "version", "first_position", "last_position", "last_recorded_at", "entity_id")
    items = [dict(zip(keys, row, strict=True)) for row in rows]
    return {"items": items, "count": len(items), "next_after": items[-1]["stream_id"] if len(items) == limit else None}


def stream_events(
    conn: sqlite3.Connection, stream_id: str, *, region: str | None = None, after: int = -1, limit: int = 100
) -> dict[str, Any] | None:
    """One stream's events with their envelopes, by version after `after`; None when it has none in scope."""
    scope_sql, params = _scope(region)
    found = conn.execute(
        f"SELECT count(*) FROM audit_event e WHERE e.stream_id = :stream AND {scope_sql}",  # noqa: S608
        {**params, "stream": stream_id},
    ).fetchone()[0]
    if not found:
        return None
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM audit_event e WHERE e.stream_id = :stream AND e.stream_version > :after"  # noqa: S608
        f" AND {scope_sql} ORDER BY e.stream_version LIMIT :limit",
        {**params, "stream": stream_id, "after": after, "limit": limit},
    ).fetchall()
    items = [as_record(row) for row in rows]
    return {
        "stream_id": stream_id,
        "events": found,
        "items": items,
        "count": len(items),
        "next_after": items[-1]["stream_version"] if len(items) == limit else None,
    }
