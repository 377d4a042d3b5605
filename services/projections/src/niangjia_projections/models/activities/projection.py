"""How care activities' events change the activities read model: one row in `activity_version` per
held, corrected or retracted event (the triggers of `schema` keep `activity_current`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from niangjia_contracts import CareActivityCorrected, CareActivityHeld, CareActivityRetracted
from niangjia_contracts.events import CareActivityFacts
from niangjia_kit.projection import Item

from niangjia_projections.models.activities.schema import (
    CORRECTED,
    DDL,
    FACT_COLUMNS,
    HELD,
    RETRACTED,
    VERSION_COLUMNS,
)
from niangjia_projections.models.common import Tables, insert
from niangjia_projections.rebuild.hints import RebuildHints

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


class ActivitiesProjection(Tables):
    name = "activities"
    version = 2  # 2: activity_current kept by triggers
    ddl = DDL
    # most events, a little less work than the audit; activity_current is upserted by activity id,
    # all over its index, so a larger page cache
    hints = RebuildHints(weight=0.9, cache_mib=64)
    event_types: frozenset[str] | None = frozenset(
        {"CareActivityHeld", "CareActivityCorrected", "CareActivityRetracted"}
    )

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


_INSERT_VERSION = insert("activity_version", VERSION_COLUMNS)
