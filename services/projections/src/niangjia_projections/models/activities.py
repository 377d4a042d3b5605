"""Care activities as versions: what was held, each correction, each retraction, with the time
the system learnt it. `activity_current` is the latest version, for questions about today's
knowledge (kept by triggers as each version is written); `activity_version` answers "as known at T"."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from niangjia_contracts import CareActivityCorrected, CareActivityHeld, CareActivityRetracted
from niangjia_contracts.events import CareActivityFacts

from niangjia_projections.runner import Item

FACT_COLUMNS = (
    "organiser_id",
    "organiser_kind",
    "region",
    "held_on",
    "title",
    "campaign",
    "service_area",
    "people_served",
    "volunteers",
    "goods_value_cents",
    "location",
)
_FACTS_DDL = """
    organiser_id TEXT,
    organiser_kind TEXT,
    region TEXT,
    held_on TEXT,
    title TEXT,
    campaign TEXT,
    service_area TEXT,
    people_served INTEGER,
    volunteers INTEGER,
    goods_value_cents INTEGER,
    location TEXT
"""

DDL = (
    f"""
    CREATE TABLE activity_version (
        position INTEGER PRIMARY KEY,
        activity_id TEXT NOT NULL,
        change TEXT NOT NULL,
        known_us INTEGER NOT NULL,
        {_FACTS_DDL}
    )
    """,
    "CREATE INDEX activity_version_by_id ON activity_version (activity_id, position)",
    "CREATE INDEX activity_version_by_held_on ON activity_version (held_on)",
    f"""
    CREATE TABLE activity_current (
        activity_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        retracted INTEGER NOT NULL,
        {_FACTS_DDL}
    )
    """,
    "CREATE INDEX activity_current_by_held_on ON activity_current (held_on)",
    "CREATE INDEX activity_current_by_organiser ON activity_current (organiser_id, held_on)",
    # activity_current follows activity_version inside SQLite, in the order the versions are written:
    # one statement per event from Python instead of two (binding the row twice was a fifth of a rebuild
    # of this model)
    f"""
    CREATE TRIGGER activity_current_holds_the_latest AFTER INSERT ON activity_version
    WHEN new.change != 'retracted'
    BEGIN
        INSERT INTO activity_current (activity_id, position, retracted, {", ".join(FACT_COLUMNS)})
        VALUES (new.activity_id, new.position, 0, {", ".join(f"new.{c}" for c in FACT_COLUMNS)})
        ON CONFLICT (activity_id) DO UPDATE SET position=excluded.position, retracted=0,
            {", ".join(f"{c}=excluded.{c}" for c in FACT_COLUMNS)};
    END
    """,  # noqa: S608 - built from the constant column names
    """
    CREATE TRIGGER activity_current_marks_a_retraction AFTER INSERT ON activity_version
    WHEN new.change = 'retracted'
    BEGIN
        UPDATE activity_current SET retracted=1, position=new.position WHERE activity_id=new.activity_id;
    END
    """,
)

HELD, CORRECTED, RETRACTED = "held", "corrected", "retracted"
_NO_FACTS = (None,) * len(FACT_COLUMNS)


def _facts(event: CareActivityFacts) -> tuple[object, ...]:
    # `_value_` is what the enum's `value` property returns, without the property's descriptor call
    # (a tenth of this function's time in a rebuild)
    campaign, area = event.campaign, event.service_area
    return (
        event.organiser_id,
        event.organiser_kind._value_,
        event.region,
        event.held_on.isoformat(),
        event.title,
        None if campaign is None else campaign._value_,
        None if area is None else area._value_,
        event.people_served,
        event.volunteers,
        int(event.goods_value_yuan * 100),
        event.location,
    )


class ActivitiesProjection:
    name = "activities"
    version = 2  # 2: activity_current kept by triggers
    build_cache_mib = 64  # activity_current is upserted by activity id, all over its index
    rebuild_weight = 0.9  # a rebuild's share (see rebuild.groups_for): most events, a little less than the audit
    event_types: frozenset[str] | None = frozenset(
        {"CareActivityHeld", "CareActivityCorrected", "CareActivityRetracted"}
    )

    def create(self, conn: sqlite3.Connection) -> None:
        for statement in DDL:
            conn.execute(statement)

    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        versions: list[tuple[object, ...]] = []
        add = versions.append
        for recorded, _, event, recorded_us in items:
            change = _CHANGES.get(event.__class__) or _change_of(event)
            if change is None:
                continue
            if change is RETRACTED:
                add((recorded.position, event.activity_id, RETRACTED, recorded_us, *_NO_FACTS))
            else:
                add((recorded.position, event.activity_id, change, recorded_us, *_facts(event)))
        if versions:  # in position order: the triggers keep activity_current (see DDL)
            conn.executemany(_INSERT_VERSION, versions)


_CHANGES: dict[type, str] = {CareActivityHeld: HELD, CareActivityCorrected: CORRECTED, CareActivityRetracted: RETRACTED}
"""The change each event class makes, found by its exact class (a dict lookup per event)."""


def _change_of(event: object) -> str | None:
    """The change an instance of a subclass makes."""
    for cls, change in _CHANGES.items():
        if isinstance(event, cls):
            return change
    return None


_INSERT_VERSION = f"INSERT INTO activity_version VALUES ({','.join('?' * (4 + len(FACT_COLUMNS)))})"  # noqa: S608
