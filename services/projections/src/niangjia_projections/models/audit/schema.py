"""The audit read model's tables: every event with its whole envelope (`audit_event`), and the
region of each entity as its events name it (`audit_entity`), for events that name none."""

from __future__ import annotations

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
