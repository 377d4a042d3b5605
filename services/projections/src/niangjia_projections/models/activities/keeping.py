"""Keeping the campaign aggregates (see `schema.CAMPAIGN_DDL`) as the activities and organisations
change, a run of events recorded on one day at a time: the activities' facts before and after the
run give the sums' deltas; each organiser touched is placed again (`figures.organiser_keys`) and
what moved becomes the organiser counts' deltas. All under the run's day (`known_day`)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence

from niangjia_projections.models.activities.figures import (
    FEDERATION,
    Activity,
    Federation,
    OrganiserKey,
    organiser_keys,
    sums,
)
from niangjia_projections.models.common import insert

DAY_US = 86_400_000_000
"""A day in microseconds: the known day of a time is its UTC day, `known_us // DAY_US`."""

ACTIVITY_COLUMNS = (
    "organiser_id, organiser_kind, region, held_on, campaign, people_served, volunteers, goods_value_cents"
)
_CURRENT = f"SELECT activity_id, {ACTIVITY_COLUMNS} FROM activity_current WHERE retracted = 0 AND activity_id IN "  # noqa: S608
_OF_ORGANISER = (
    f"SELECT {ACTIVITY_COLUMNS} FROM activity_current"  # noqa: S608 - constant columns
    " WHERE organiser_id = ? AND organiser_kind = ? AND retracted = 0 AND held_on BETWEEN ? AND ?"
)
_KEYS = (
    "SELECT node, slot, measure, day FROM organiser_key"
    " WHERE organiser_kind = ? AND organiser_id = ? AND day BETWEEN ? AND ?"
)
_FEDERATION = "SELECT region, opened_on FROM campaign_org WHERE org_id = ? AND org_type = 'federation'"
_ENDED = "SELECT min(on_date) FROM campaign_org_end WHERE org_id = ?"

_ADD_SUM = """
INSERT INTO campaign_sum (node, slot, held_on, known_day, activities, people_served, volunteers, goods_value_cents)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (node, slot, held_on, known_day) DO UPDATE SET activities = activities + excluded.activities,
    people_served = people_served + excluded.people_served, volunteers = volunteers + excluded.volunteers,
    goods_value_cents = goods_value_cents + excluded.goods_value_cents
"""
_DROP_ZERO_SUM = """
DELETE FROM campaign_sum WHERE node = ? AND slot = ? AND held_on = ? AND known_day = ?
    AND activities = 0 AND people_served = 0 AND volunteers = 0 AND goods_value_cents = 0
"""
_ADD_ORGANISERS = """
INSERT INTO campaign_organisers (node, slot, measure, day, known_day, organisers) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (node, slot, measure, day, known_day) DO UPDATE SET organisers = organisers + excluded.organisers
"""
_DROP_ZERO_ORGANISERS = """
DELETE FROM campaign_organisers WHERE node = ? AND slot = ? AND measure = ? AND day = ? AND known_day = ?
    AND organisers = 0
"""
_INSERT_KEY = insert("organiser_key", ("organiser_kind", "organiser_id", "day", "node", "slot", "measure"))
_DELETE_KEY = (
    "DELETE FROM organiser_key WHERE organiser_kind = ? AND organiser_id = ? AND day = ? AND node = ?"
    " AND slot = ? AND measure = ?"
)
_INSERT_ORG = insert("campaign_org", ("org_id", "org_type", "region", "opened_on", "known_us"), verb="INSERT OR IGNORE")
_INSERT_END = insert("campaign_org_end", ("position", "org_id", "on_date", "known_us"))

ALL_YEARS = (1, 9999)
Organiser = tuple[str, str]
"""(organiser kind, organiser id)"""


def current(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Activity]:
    """The activities among `ids` that stand now (not retracted), by id."""
    found: dict[str, Activity] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = _CURRENT + "(" + ", ".join("?" * len(chunk)) + ")"
        for row in conn.execute(sql, chunk):
            found[row[0]] = Activity(*row[1:])
    return found


def federation(conn: sqlite3.Connection, org_id: str) -> Federation | None:
    row = conn.execute(_FEDERATION, (org_id,)).fetchone()
    if row is None:
        return None
    ended = conn.execute(_ENDED, (org_id,)).fetchone()[0]
    return Federation(row[0], row[1], ended)


def apply_run(
    conn: sqlite3.Connection,
    known_day: int,
    write: Iterable[tuple[str, Sequence[tuple[object, ...]]]],
    activity_ids: Sequence[str],
    org_ids: Iterable[str],
) -> None:
    """Write the run's rows (`write`: statements and their rows) and move the aggregates by what
    they changed: `activity_ids` the activities the run touched, `org_ids` the organisations."""
    before = current(conn, activity_ids)
    for statement, rows in write:
        if rows:
            conn.executemany(statement, rows)
    after = current(conn, activity_ids)
    deltas: dict[tuple[str, int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    touched: dict[Organiser, set[int]] = defaultdict(set)
    for sign, state in ((-1, before), (1, after)):
        for activity in state.values():
            for key in sums(activity):
                figures = deltas[key]
                figures[0] += sign
                figures[1] += sign * activity.people_served
                figures[2] += sign * activity.volunteers
                figures[3] += sign * activity.goods_value_cents
            touched[(activity.organiser_kind, activity.organiser_id)].add(int(activity.held_on[:4]))
    rows = [(*key, known_day, *figures) for key, figures in deltas.items() if any(figures)]
    if rows:
        conn.executemany(_ADD_SUM, rows)
        conn.executemany(_DROP_ZERO_SUM, [row[:4] for row in rows])
    for org_id in org_ids:
        touched[(FEDERATION, org_id)] = set()  # every year
    moved: dict[tuple[str, int, str, str], int] = defaultdict(int)
    for organiser, years in touched.items():
        for first, last in [ALL_YEARS] if not years else [(y, y) for y in years]:
            _place(conn, organiser, first, last, moved)
    changes = [(*key, known_day, n) for key, n in moved.items() if n]
    if changes:
        conn.executemany(_ADD_ORGANISERS, changes)
        conn.executemany(_DROP_ZERO_ORGANISERS, [row[:5] for row in changes])


def _place(
    conn: sqlite3.Connection, organiser: Organiser, first: int, last: int, moved: dict[OrganiserKey, int]
) -> None:
    """Place the organiser again in the years `first`..`last`, counting what moved into `moved`."""
    kind, org_id = organiser
    days = (f"{first:04d}-01-01", f"{last:04d}-12-31")
    stored = set(conn.execute(_KEYS, (kind, org_id, *days)))
    activities = [Activity(*row) for row in conn.execute(_OF_ORGANISER, (org_id, kind, *days))]
    keys = organiser_keys(activities, federation(conn, org_id) if kind == FEDERATION else None)
    gone, new = stored - keys, keys - stored
    for key in gone:
        moved[key] -= 1
    for key in new:
        moved[key] += 1
    if gone:
        conn.executemany(_DELETE_KEY, [(kind, org_id, day, node, slot, measure) for node, slot, measure, day in gone])
    if new:
        conn.executemany(_INSERT_KEY, [(kind, org_id, day, node, slot, measure) for node, slot, measure, day in new])


ORG_STATEMENTS = (_INSERT_ORG, _INSERT_END)
