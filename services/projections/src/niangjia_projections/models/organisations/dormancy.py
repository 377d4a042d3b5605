"""Dormancy, defined once, for `/dormant`, the counts' status and the "1+N" trees.

An organisation standing on a date (founded on or before it, not dissolved or closed by then) is
dormant on that date
- by **finding** when its latest follow-up inspection dated by then found it dormant, and no
  activity held after that inspection says otherwise; or
- by **silence** when it was founded before the period began and neither an activity nor an
  inspection falls in the period (from `since` to the date).
Everything is read on both clocks: inspections and activities dated by `as_of`, as recorded by
`known_at` (an activity's latest version known then decides; a retracted one does not count).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.organisations.schema import ENDED, INSPECTED, RECOGNISED

Reason = Literal["finding", "silence"]
Row = sqlite3.Row | Mapping[str, Any]
PERIOD = timedelta(days=365)
"""The period a report looks back over for silence when it is not given one: a year."""

INSPECTION_COLUMNS = """
       (SELECT c.value FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'inspected'
               AND c.on_date <= :day AND c.known_us <= :known
        ORDER BY c.on_date DESC, c.position DESC LIMIT 1) AS finding,
       (SELECT max(c.on_date) FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'inspected'
               AND c.on_date <= :day AND c.known_us <= :known) AS inspected_on"""
"""The latest inspection's finding and date on the clocks, as columns of a query over `org o`."""


_CHANGES = """
SELECT c.org_id, c.change, c.on_date, c.value FROM org_change c{join}
WHERE c.on_date <= :day AND c.known_us <= :known AND {region}{kinds}
ORDER BY c.position
"""


@dataclass(slots=True)
class Changes:
    """The dated changes of a region's organisations on the clocks, read in one pass (cheaper than
    a lookup per organisation when most have none): those ended, the levels each was recognised at,
    each one's latest inspection (its date and finding, the later recorded of one day's)."""

    ended: set[str] = field(default_factory=set)
    recognised: dict[str, set[str]] = field(default_factory=dict)
    inspected: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: sqlite3.Connection, clocks: Clocks, region: str | None, *, inspections: bool = True) -> Changes:
        """The changes; without the inspections when the caller reads no dormancy."""
        where, params = within("o.region", region)
        join = " JOIN org o ON o.org_id = c.org_id" if region is not None else ""
        kinds = "" if inspections else f" AND c.change != '{INSPECTED}'"
        sql = _CHANGES.format(join=join, region=where, kinds=kinds)
        changes = cls()
        for org_id, change, on_date, value in conn.execute(
            sql, {"day": clocks.day, "known": clocks.known_us, **params}
        ):
            if change == ENDED:
                changes.ended.add(org_id)
            elif change == RECOGNISED:
                changes.recognised.setdefault(org_id, set()).add(value)
            elif change == INSPECTED:
                latest = changes.inspected.get(org_id)
                if latest is None or on_date >= latest[0]:
                    changes.inspected[org_id] = (on_date, value)
        return changes


def default_since(as_of: date) -> date:
    return as_of - PERIOD


CURRENT_LAST = """
       (SELECT max(a.held_on) FROM activity_current a
        WHERE a.organiser_id = o.org_id AND a.retracted = 0 AND a.held_on <= :day)"""
KNOWN_LAST = """
       (SELECT v.held_on FROM activity_version v INDEXED BY activity_version_by_organiser_day
        WHERE v.organiser_id = o.org_id AND v.held_on <= :day AND v.known_us <= :known
          AND NOT EXISTS (SELECT 1 FROM activity_version w
                          WHERE w.activity_id = v.activity_id AND w.position > v.position AND w.known_us <= :known)
        ORDER BY v.held_on DESC LIMIT 1)"""
"""Known at a time, an organisation's latest activity is the latest-dated of its versions known then
that no later version known then replaced (a correction, a retraction): its versions are walked from
the latest date down, and the first is nearly always it (a few index seeks an organisation, where
reading every version of the region's activities read a hundred rows each)."""


def last_activity(clocks: Clocks) -> str:
    """Each organisation's latest activity held by `as_of`, as known at `known_at`, as a column
    (`last_activity_on`) of a query over `org o` with the parameters `day` and `known` (needs
    `activities`)."""
    return (CURRENT_LAST if clocks.known_at is None else KNOWN_LAST) + " AS last_activity_on"


def reason(row: Row, last_activity_on: str | None, since: date) -> Reason | None:
    """Why an organisation standing on the report's date is dormant then, or None when it is not.

    `row` carries `opened_on`, `finding` and `inspected_on` (see `INSPECTION_COLUMNS`)."""
    return reason_of(row["opened_on"], row["finding"], row["inspected_on"], last_activity_on, since.isoformat())


def reason_of(
    opened_on: str, finding: str | None, inspected_on: str | None, last_activity_on: str | None, start: str
) -> Reason | None:
    """`reason` from the values themselves, the period starting on `start` (YYYY-MM-DD)."""
    if finding == "dormant" and (last_activity_on is None or inspected_on is None or last_activity_on <= inspected_on):
        return "finding"
    quiet = (inspected_on is None or inspected_on < start) and (last_activity_on is None or last_activity_on < start)
    if opened_on < start and quiet:
        return "silence"
    return None


def status(row: Row, last_activity_on: str | None, since: date) -> str:
    """`dissolved` / `closed` once ended by the date; else `dormant` (see `reason`); else `open`."""
    if row["ended"]:
        return "dissolved" if row["org_type"] == "federation" else "closed"
    return "dormant" if reason(row, last_activity_on, since) else "open"
