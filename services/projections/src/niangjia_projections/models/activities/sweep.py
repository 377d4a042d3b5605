"""A rebuild places the organisers once every event is applied, one organiser at a time.

Live, each run of events places every organiser it touched: its keys (`placing.keys_of`) before the
run and after it, from its activities in the read model. While a rebuild loads, each run instead
appends what it moved to a temp table (`MOVES`): every activity it touched as it stood before the
run (sign -1) and as it stands after (sign +1), with its organiser, and the record of each federation
whose record it moved, before (-2) and after (+2), all under the run's number and known day. At the
end (`place_all`) the moves are read by organiser and run: an organiser's activities are rebuilt
run after run in memory (one organiser at a time), and each run's keys before and after it, in the
periods it moved (all of them when the federation's record moved), give the same deltas of the
organiser counts as the live run's, appended to the organiser counts' stage.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import groupby

from niangjia_projections.models.activities.figures import (
    FEDERATION,
    Activity,
    Federation,
    OrganiserKey,
    period,
    slot_of,
)
from niangjia_projections.models.activities.placing import Groups, keys_of

MOVES_DDL = (
    "CREATE TABLE temp.campaign_moves (kind TEXT, org_id TEXT, run INTEGER, known_day INTEGER, sign INTEGER,"
    " region TEXT, campaign TEXT, held_on TEXT, ended_on TEXT)",
    "CREATE TABLE temp.campaign_run (run INTEGER NOT NULL)",
    "INSERT INTO temp.campaign_run (run) VALUES (0)",
)
MOVE = (
    "INSERT INTO temp.campaign_moves (kind, org_id, run, known_day, sign, region, campaign, held_on, ended_on)"
    " VALUES (?, ?, (SELECT run FROM temp.campaign_run), ?, ?, ?, ?, ?, ?)"
)
NEXT_RUN = "UPDATE temp.campaign_run SET run = run + 1"
_READ = (
    "SELECT kind, org_id, run, known_day, sign, region, campaign, held_on, ended_on FROM temp.campaign_moves"
    " ORDER BY kind, org_id, run, sign"
)
_FLUSH_AT = 100_000
"""Organiser count deltas summed in memory before they are appended to the stage."""

Move = tuple[str, str, int, int, int, str | None, str | None, str | None, str | None]


def activity_moves(known_day: int, sign: int, state: dict[str, Activity]) -> list[tuple[object, ...]]:
    """The rows of `MOVE` for the activities of `state` (as they stood before a run: sign -1; after: 1)."""
    return [
        (a.organiser_kind, a.organiser_id, known_day, sign, a.region, a.campaign, a.held_on, None)
        for a in state.values()
        if slot_of(a.held_on, a.campaign) is not None
    ]


def record_moves(
    known_day: int, org_id: str, was: Federation | None, now: Federation | None
) -> list[tuple[object, ...]]:
    """The rows of `MOVE` for a federation's record that a run moved (None: no record): its region,
    founding day (as `held_on`) and earliest end."""
    rows: list[tuple[object, ...]] = []
    for sign, fed in ((-2, was), (2, now)):
        if fed is None:
            rows.append((FEDERATION, org_id, known_day, sign, None, None, None, None))
        else:
            rows.append((FEDERATION, org_id, known_day, sign, fed.region, None, fed.founded_on, fed.ended_on))
    return rows


def _group(region: str, campaign: str | None, held_on: str) -> tuple[tuple[str, int, str], str] | None:
    slot = slot_of(held_on, campaign)
    if slot is None:
        return None
    return (region, slot, period(int(held_on[:4]), slot)[0]), held_on


class _Organiser:
    """One organiser's standing activities (days held, counted, by period and region) and its
    record, run by run."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.days: dict[tuple[int, str], dict[str, dict[str, int]]] = {}
        """(slot, first day of the period) -> region -> day held -> activities"""
        self.federation: Federation | None = None

    def groups(self, periods: Iterable[tuple[int, str]]) -> Groups:
        found: Groups = {}
        for slot, start in periods:
            for region, days in self.days.get((slot, start), {}).items():
                found[(region, slot, start)] = min(days)
        return found

    def run(self, moves: list[Move], moved: dict[tuple[str, int, str, str, int], int]) -> None:
        """Apply one run's moves, counting what moved in the organiser's keys into `moved`."""
        known_day = moves[0][3]
        changes: list[tuple[int, tuple[str, int, str], str]] = []
        was_fed, now_fed, record = self.federation, self.federation, False
        for _, _, _, _, sign, region, campaign, held_on, ended_on in moves:
            if sign in (-2, 2):
                fed = None if region is None else Federation(region, held_on or "", ended_on)
                record = True
                if sign == -2:
                    was_fed = fed
                else:
                    now_fed = fed
            elif region is not None and held_on is not None:
                found = _group(region, campaign, held_on)
                if found is not None:
                    changes.append((sign, *found))
        touched = {group[1:] for _, group, _ in changes}
        periods = touched | self.days.keys() if record and was_fed != now_fed else touched
        old = self.groups(periods)
        for sign, (region, slot, start), day in changes:
            regions = self.days.setdefault((slot, start), {})
            days = regions.setdefault(region, {})
            count = days.get(day, 0) + sign
            if count:
                days[day] = count
            else:
                del days[day]
                if not days:
                    del regions[region]
                    if not regions:
                        del self.days[(slot, start)]
        self.federation = now_fed
        new = self.groups(periods)
        if old == new and was_fed == now_fed:
            return
        before: set[OrganiserKey] = keys_of(old, self.kind, was_fed)
        after: set[OrganiserKey] = keys_of(new, self.kind, now_fed)
        for key in before - after:
            moved[(*key, known_day)] -= 1
        for key in after - before:
            moved[(*key, known_day)] += 1


def _runs(conn: sqlite3.Cursor) -> Iterator[tuple[tuple[str, str], Iterator[list[Move]]]]:
    rows: Iterator[Move] = conn.execute(_READ)
    for organiser, moves in groupby(rows, key=lambda m: (m[0], m[1])):
        yield organiser, (list(run) for _, run in groupby(moves, key=lambda m: m[2]))


def place_all(conn: sqlite3.Connection, stage: str) -> None:
    """Place every organiser run by run from the moves; append the deltas to `stage` (the organiser
    counts' stage, rows of `(node, slot, measure, day, known_day, organisers)`)."""
    moved: dict[tuple[str, int, str, str, int], int] = defaultdict(int)
    for (kind, _), runs in _runs(conn.cursor()):
        organiser = _Organiser(kind)
        for moves in runs:
            organiser.run(moves, moved)
        if len(moved) >= _FLUSH_AT:
            _flush(conn, stage, moved)
    _flush(conn, stage, moved)


def _flush(conn: sqlite3.Connection, stage: str, moved: dict[tuple[str, int, str, str, int], int]) -> None:
    conn.executemany(stage, [(*key, n) for key, n in moved.items() if n])
    moved.clear()
