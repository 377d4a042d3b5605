"""The last day of a `known_at` report, settled from the versions.

The aggregates keep their deltas by the day the system learnt them, so a report known at T sums
the days before T's day exactly; what was learnt on T's day up to T is this module's: for each
activity and organiser touched between the day's start and T, what it counts for as known at T
less what it counted for as known before the day (`figures`, the same definitions the projection
keeps the aggregates by)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from niangjia_projections.models.activities.figures import (
    FEDERATION,
    ROOT,
    Activity,
    Federation,
    FederationKey,
    OrganiserKey,
    SumKey,
    federation_keys,
    nodes,
    organiser_keys,
    sums,
)
from niangjia_projections.models.activities.keeping import ACTIVITY_COLUMNS, DAY_US

_TOUCHED = "SELECT DISTINCT activity_id FROM activity_version WHERE known_us BETWEEN ? AND ?"
_LATEST = (
    f"SELECT change, {ACTIVITY_COLUMNS} FROM activity_version"  # noqa: S608 - constant columns
    " WHERE activity_id = ? AND known_us <= ? ORDER BY position DESC LIMIT 1"
)
_EVER_OF = "SELECT DISTINCT activity_id FROM activity_version WHERE organiser_id = ? AND held_on BETWEEN ? AND ?"
_ORGS_TOUCHED = """
SELECT org_id FROM campaign_org WHERE known_us BETWEEN :lo AND :hi AND org_type = 'federation'
UNION SELECT org_id FROM campaign_org_end WHERE known_us BETWEEN :lo AND :hi
"""
_FEDERATION = (
    "SELECT region, opened_on FROM campaign_org WHERE org_id = ? AND org_type = 'federation' AND known_us <= ?"
)
_ENDED = "SELECT min(on_date) FROM campaign_org_end WHERE org_id = ? AND known_us <= ?"


@dataclass
class Edge:
    """What was learnt on the known day of `known_us` up to it about a year: deltas of the sums
    and of the organiser counts (none when the report is on today's knowledge)."""

    known_day: int
    sums: dict[SumKey, list[int]] = field(default_factory=dict)
    organisers: dict[OrganiserKey, int] = field(default_factory=dict)
    federations: dict[FederationKey, int] = field(default_factory=dict)


def edge(conn: sqlite3.Connection, known_us: int, year: int, node: str = ROOT) -> Edge:
    """The deltas learnt on the day of `known_us` up to it that concern the rows of `year` at
    `node` (an activity, or an organisation, elsewhere before and after moves nothing there)."""
    days = (f"{year:04d}-01-01", f"{year:04d}-12-31")
    day = known_us // DAY_US
    lo = day * DAY_US
    settled = Edge(day, defaultdict(lambda: [0, 0, 0, 0]), defaultdict(int), defaultdict(int))
    touched: set[tuple[str, str]] = set()
    for (activity_id,) in conn.execute(_TOUCHED, (lo, known_us)).fetchall():
        for sign, at in ((-1, lo - 1), (1, known_us)):
            activity = _latest(conn, activity_id, at)
            if activity is None or not days[0] <= activity.held_on <= days[1] or node not in nodes(activity.region):
                continue
            for key in sums(activity):
                figures = settled.sums[key]
                figures[0] += sign
                figures[1] += sign * activity.people_served
                figures[2] += sign * activity.volunteers
                figures[3] += sign * activity.goods_value_cents
            touched.add((activity.organiser_kind, activity.organiser_id))
    for (org_id,) in conn.execute(_ORGS_TOUCHED, {"lo": lo, "hi": known_us}).fetchall():
        touched.add((FEDERATION, org_id))
        old, new = (
            federation_keys(_federation(conn, org_id, lo - 1)),
            federation_keys(_federation(conn, org_id, known_us)),
        )
        for was_there in old - new:
            settled.federations[was_there] -= 1
        for is_there in new - old:
            settled.federations[is_there] += 1
    for kind, org_id in touched:
        before = _keys_at(conn, kind, org_id, lo - 1, days)
        after = _keys_at(conn, kind, org_id, known_us, days)
        for left in before - after:
            settled.organisers[left] -= 1
        for joined in after - before:
            settled.organisers[joined] += 1
    return settled


def _latest(conn: sqlite3.Connection, activity_id: str, known_us: int) -> Activity | None:
    """The activity as known at `known_us`; None when it was not recorded yet or stood retracted."""
    row = conn.execute(_LATEST, (activity_id, known_us)).fetchone()
    if row is None or row[0] == "retracted":
        return None
    return Activity(*row[1:])


def _keys_at(
    conn: sqlite3.Connection, kind: str, org_id: str, known_us: int, days: tuple[str, str]
) -> set[OrganiserKey]:
    """Where the organiser counts in the rows of the year `days`, as known at `known_us`."""
    activities = []
    for (activity_id,) in conn.execute(_EVER_OF, (org_id, *days)).fetchall():
        activity = _latest(conn, activity_id, known_us)
        if (
            activity is not None
            and activity.organiser_id == org_id
            and activity.organiser_kind == kind
            and days[0] <= activity.held_on <= days[1]
        ):
            activities.append(activity)
    return organiser_keys(activities, _federation(conn, org_id, known_us) if kind == FEDERATION else None)


def _federation(conn: sqlite3.Connection, org_id: str, known_us: int) -> Federation | None:
    """The organisation as a federation, as known at `known_us` (None: not one, or not yet)."""
    row = conn.execute(_FEDERATION, (org_id, known_us)).fetchone()
    if row is None:
        return None
    return Federation(row[0], row[1], conn.execute(_ENDED, (org_id, known_us)).fetchone()[0])
