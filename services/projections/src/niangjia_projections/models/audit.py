"""Every event with its whole envelope, for auditors: filterable, paginated, exportable."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from niangjia_projections.runner import Item
from niangjia_projections.runner.projection import from_us, uuid_text

COLUMNS = (
    "position",
    "event_id",
    "event_type",
    "schema_version",
    "stream_id",
    "stream_version",
    "entity_id",
    "region",
    "recorded_us",
    "recorded_at",
    "occurred_on",
    "actor",
    "command_id",
    "correlation_id",
    "causation_id",
    "source",
    "data",
)

DDL = (
    """
    CREATE TABLE audit_event (
        position INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        schema_version INTEGER,
        stream_id TEXT NOT NULL,
        stream_version INTEGER NOT NULL,
        entity_id TEXT NOT NULL,
        region TEXT,
        recorded_us INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        occurred_on TEXT,
        actor TEXT,
        command_id TEXT,
        correlation_id TEXT,
        causation_id TEXT,
        source TEXT,
        data TEXT NOT NULL
    )
    """,
    "CREATE INDEX audit_by_entity ON audit_event (entity_id, position)",
    "CREATE INDEX audit_by_actor ON audit_event (actor, position)",
    "CREATE INDEX audit_by_type ON audit_event (event_type, position)",
    "CREATE INDEX audit_by_recorded ON audit_event (recorded_us)",
    "CREATE INDEX audit_by_region ON audit_event (region, position)",
    "CREATE TABLE audit_entity (entity_id TEXT PRIMARY KEY, region TEXT NOT NULL)",
)


def entity_of(stream_id: str) -> str:
    """`federation-abc` -> `abc` (stream ids are `{category}-{id}`)."""
    category, dash, rest = stream_id.partition("-")
    return rest if dash else category


class AuditProjection:
    name = "audit"
    version = 2  # 2: audit_by_region
    event_types: frozenset[str] | None = None
    payload_fields = frozenset({"region"})  # the only field of an event that `apply` reads

    def create(self, conn: sqlite3.Connection) -> None:
        for statement in DDL:
            conn.execute(statement)

    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        rows: list[tuple[object, ...]] = []
        add = rows.append
        regions: dict[str, str] = {}
        new_regions: dict[str, str] = {}
        moment, moment_text = -1, ""
        for recorded, meta, event, recorded_us in items:
            if recorded_us != moment:  # the events of one commit share their timestamp
                moment = recorded_us
                moment_text = from_us(recorded_us).isoformat()
            get = meta.get
            entity = entity_of(recorded.stream_id)
            region = getattr(event, "region", None)
            if type(region) is str:
                if regions.get(entity) != region:
                    new_regions[entity] = region
                regions[entity] = region
            else:
                region = regions.get(entity)
                if region is None:
                    row = conn.execute("SELECT region FROM audit_entity WHERE entity_id=?", (entity,)).fetchone()
                    region = row[0] if row else None
                    if region is not None:
                        regions[entity] = region
            add(
                (
                    recorded.position,
                    uuid_text(recorded.event_id),
                    recorded.type,
                    get("schema_version"),
                    recorded.stream_id,
                    recorded.stream_version,
                    entity,
                    region,
                    recorded_us,
                    moment_text,
                    _text(get("occurred_on")),
                    _text(get("actor")),
                    _text(get("command_id")),
                    _text(get("correlation_id")),
                    _text(get("causation_id")),
                    _text(get("source")),
                    recorded.data.decode("utf-8", errors="replace"),
                )
            )
        conn.executemany(_INSERT, rows)
        if new_regions:
            conn.executemany("INSERT OR REPLACE INTO audit_entity VALUES (?, ?)", new_regions.items())


_INSERT = f"INSERT INTO audit_event VALUES ({','.join('?' * len(COLUMNS))})"  # noqa: S608


def _text(value: object) -> str | None:
    return value if value is None or type(value) is str else str(value)
