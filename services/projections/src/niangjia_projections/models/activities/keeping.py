"""Keeping the campaign aggregates (see `schema.CAMPAIGN_DDL`) as the activities and organisations
change, a run of events recorded on one day at a time: the activities' facts before and after the
run give the sums' deltas; each organiser touched is placed (`figures.organiser_keys`) as it stood
before the run (its activities now, the run's own taken back to what they were) and after, and
what moved becomes the organiser counts' deltas. All under the run's day (`known_day`)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from niangjia_projections.models.activities import sweep
from niangjia_projections.models.activities.figures import (
    FEDERATION,
    Activity,
    Federation,
    FederationKey,
    OrganiserKey,
    federation_keys,
    sums,
)
from niangjia_projections.models.activities.placing import (
    Organiser,
    by_organiser,
    keys_of,
    moving_only,
    stored_groups,
    with_run,
)
from niangjia_projections.models.activities.schema import CAMPAIGN_FEDERATIONS, CAMPAIGN_ORGANISERS, CAMPAIGN_SUM
from niangjia_projections.models.common import in_chunks, insert

DAY_US = 86_400_000_000
"""A day in microseconds: the known day of a time is its UTC day, `known_us // DAY_US`."""

ACTIVITY_COLUMNS = (
    "organiser_id, organiser_kind, region, held_on, campaign, people_served, volunteers, goods_value_cents"
)
_CURRENT = f"SELECT activity_id, {ACTIVITY_COLUMNS} FROM activity_current WHERE retracted = 0 AND activity_id IN "  # noqa: S608
_FEDERATION = "SELECT region, opened_on FROM campaign_org WHERE org_id = ? AND org_type = 'federation'"
_ENDED = "SELECT min(on_date) FROM campaign_org_end WHERE org_id = ?"

_INSERT_ORG = insert("campaign_org", ("org_id", "org_type", "region", "opened_on", "known_us"), verb="INSERT OR IGNORE")
_INSERT_END = insert("campaign_org_end", ("position", "org_id", "on_date", "known_us"))

ALL_YEARS = (1, 9999)


class Adds(NamedTuple):
    """The statements that add a run's deltas to the sums, the organiser counts and the federations
    (rows of `(*key, known_day, *figures)`)."""

    sums: str
    organisers: str
    federations: str
    staged: bool = False
    """The organisers are placed at the end of a rebuild from the moves each run appends (`sweep`)."""


LIVE = Adds(CAMPAIGN_SUM.upsert, CAMPAIGN_ORGANISERS.upsert, CAMPAIGN_FEDERATIONS.upsert)
"""Upserts into the aggregates (a row back to zero removed by a trigger of `schema`)."""


def current(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Activity]:
    """The activities among `ids` that stand now (not retracted), by id."""
    found: dict[str, Activity] = {}
    for marks, chunk in in_chunks(ids):
        for row in conn.execute(_CURRENT + marks, chunk):
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
    adds: Adds = LIVE,
    after: dict[str, Activity] | None = None,
) -> None:
    """Write the run's rows (`write`: statements and their rows) and move the aggregates by what
    they changed (`adds`): `activity_ids` the activities the run touched, `org_ids` the organisations;
    `after`: those activities as they stand after the run, when known (else read back)."""
    before = current(conn, activity_ids)
    federations_before = {org_id: federation(conn, org_id) for org_id in org_ids}
    for statement, rows in write:
        if rows:
            conn.executemany(statement, rows)
    if after is None:
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
        conn.executemany(adds.sums, rows)  # a row back to zero goes (a trigger of `schema`)
    founded: dict[FederationKey, int] = defaultdict(int)
    records: list[tuple[object, ...]] = []
    for org_id, was in federations_before.items():
        touched[(FEDERATION, org_id)] = set()  # every year
        now = federation(conn, org_id)
        if adds.staged and was != now:
            records += sweep.record_moves(known_day, org_id, was, now)
        old, new = federation_keys(was), federation_keys(now)
        for was_there in old - new:
            founded[was_there] -= 1
        for is_there in new - old:
            founded[is_there] += 1
    if any(founded.values()):
        conn.executemany(adds.federations, [(*key, known_day, n) for key, n in founded.items() if n])
    if adds.staged:
        moves = sweep.activity_moves(known_day, -1, before) + sweep.activity_moves(known_day, 1, after) + records
        if moves:
            conn.executemany(sweep.MOVE, moves)
        conn.execute(sweep.NEXT_RUN)
        return
    moved: dict[OrganiserKey, int] = defaultdict(int)
    run = _Run(before, after, federations_before)
    for organiser, years in touched.items():
        for first, last in [ALL_YEARS] if not years else [(y, y) for y in years]:
            run.place(conn, organiser, first, last, moved)
    changes = [(*key, known_day, n) for key, n in moved.items() if n]
    if changes:
        conn.executemany(adds.organisers, changes)


class _Run:
    """The activities a run touched, before and after it, and the federations it founded or ended
    as they stood before it."""

    def __init__(
        self, before: dict[str, Activity], after: dict[str, Activity], federations: dict[str, Federation | None]
    ) -> None:
        self.before, self.after, self.federations = before, after, federations
        self.touched = by_organiser(before, after)

    def place(
        self, conn: sqlite3.Connection, organiser: Organiser, first: int, last: int, moved: dict[OrganiserKey, int]
    ) -> None:
        """Count what moved in the organiser's places in the years `first`..`last` into `moved`."""
        kind, org_id = organiser
        days = (f"{first:04d}-01-01", f"{last:04d}-12-31")
        ids = self.touched.get(organiser, [])
        refounded = kind == FEDERATION and org_id in self.federations
        if not ids and not refounded:
            return  # none of its activities and not its record moved
        stored = stored_groups(conn, organiser, days, ids)
        was = with_run(stored, _of(self.before, ids, organiser), days)
        now = with_run(stored, _of(self.after, ids, organiser), days)
        fed_now = federation(conn, org_id) if refounded else None
        fed_was = self.federations[org_id] if refounded else None
        if fed_was == fed_now:  # its record did not move: only the periods whose groups moved can
            if was == now:
                return
            was, now = moving_only(was, now)
            fed_was = fed_now = federation(conn, org_id) if kind == FEDERATION else None
        old, new = keys_of(was, kind, fed_was), keys_of(now, kind, fed_now)
        for key in old - new:
            moved[key] -= 1
        for key in new - old:
            moved[key] += 1


def _of(state: dict[str, Activity], ids: Sequence[str], organiser: Organiser) -> list[Activity]:
    """The activities among `ids` in `state` that are the organiser's."""
    kind, org_id = organiser
    found = (state.get(activity_id) for activity_id in ids)
    return [a for a in found if a is not None and a.organiser_id == org_id and a.organiser_kind == kind]


ORG_STATEMENTS = (_INSERT_ORG, _INSERT_END)
