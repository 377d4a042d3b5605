"""How every event becomes a row of the audit read model, for auditors: filterable, paginated,
exportable (see `queries`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from niangjia_kit.projection import Item, from_us, uuid_text

from niangjia_projections.models.audit.schema import COLUMNS, DDL, entity_of
from niangjia_projections.models.common import Tables, insert
from niangjia_projections.rebuild.hints import RebuildHints


class AuditProjection(Tables):
    name = "audit"
    version = 2  # 2: audit_by_region
    ddl = DDL
    event_types: frozenset[str] | None = None
    hints = RebuildHints(payload_fields=frozenset({"region"}))  # the only field of an event `apply` reads

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
            conn.executemany(_INSERT_ENTITY, new_regions.items())


_INSERT = insert("audit_event", COLUMNS)
_INSERT_ENTITY = insert("audit_entity", ("entity_id", "region"), verb="INSERT OR REPLACE")


def _text(value: object) -> str | None:
    return value if value is None or type(value) is str else str(value)
