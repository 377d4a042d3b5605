"""The last day of a `known_at` report, settled from the versions.

The aggregates keep their deltas by the day the system learnt them, so a report known at T sums
the days before T's day exactly; what was learnt on T's day up to T is this module's: for each
activity and organiser touched between the day's start and T, what it counts for as known at T
less what it counted for as known before the day (`figures`, the same definitions the projection
keeps the aggregates by)."""

from __future__ import annotations

import json
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
from niangjia_projections.models.common import within

_TOUCHED = "SELECT DISTINCT activity_id FROM activity_version WHERE known_us BETWEEN :lo AND :hi"
_TOUCHED_UNDER = """
SELECT DISTINCT t.activity_id FROM activity_version t
WHERE t.known_us BETWEEN :lo AND :hi AND EXISTS (
    SELECT 1 FROM activity_version w INDEXED BY activity_version_by_id
    WHERE w.activity_id = t.activity_id AND w.known_us <= :hi AND {region})
"""
"""The activities touched that stood under a region in some version (before or after: one that moved
out of it moves its rows too)."""
_VERSIONS = (
    f"SELECT activity_id, known_us, change, {ACTIVITY_COLUMNS} FROM activity_version"  # noqa: S608 - constant columns
    " WHERE activity_id IN (SELECT value FROM json_each(?)) AND known_us <= ? ORDER BY activity_id, position"
)
_EVER_OF = (
    "SELECT DISTINCT organiser_id, activity_id FROM activity_version"
    " WHERE organiser_id IN (SELECT value FROM json_each(?)) AND held_on BETWEEN ? AND ?"
)
_ORGS_TOUCHED = """
SELECT org_id FROM campaign_org WHERE known_us BETWEEN :lo AND :hi AND org_type = 'federation'
UNION SELECT org_id FROM campaign_org_end WHERE known_us BETWEEN :lo AND :hi
"""
_FEDERATIONS = (
    "SELECT org_id, region, opened_on, known_us FROM campaign_org"
    " WHERE org_id IN (SELECT value FROM json_each(?)) AND org_type = 'federation' AND known_us <= ?"
)
_ENDS = (
    "SELECT org_id, on_date, known_us FROM campaign_org_end"
    " WHERE org_id IN (SELECT value FROM json_each(?)) AND known_us <= ?"
)
_CHUNK = 5000
"""Ids bound at once (as one JSON array)."""


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
    versions = _Versions(conn, lo, known_us, node)
    touched: set[tuple[str, str]] = set()
    for activity_id in versions.touched:
        for sign, at in ((-1, lo - 1), (1, known_us)):
            activity = versions.at(activity_id, at)
            if activity is None or not days[0] <= activity.held_on <= days[1] or node not in nodes(activity.region):
                continue
            for key in sums(activity):
                if key[0] != node:
                    continue
                figures = settled.sums[key]
                figures[0] += sign
                figures[1] += sign * activity.people_served
                figures[2] += sign * activity.volunteers
                figures[3] += sign * activity.goods_value_cents
            touched.add((activity.organiser_kind, activity.organiser_id))
    orgs = [row[0] for row in conn.execute(_ORGS_TOUCHED, {"lo": lo, "hi": known_us})]
    versions.read_federations(orgs)
    for org_id in orgs:
        was, now = versions.federation(org_id, lo - 1), versions.federation(org_id, known_us)
        if not any(federation is not None and node in nodes(federation.region) for federation in (was, now)):
            continue  # not under the node before or after: nothing there moves
        touched.add((FEDERATION, org_id))
        old = {key for key in federation_keys(was) if key[0] == node}
        new = {key for key in federation_keys(now) if key[0] == node}
        for was_there in old - new:
            settled.federations[was_there] -= 1
        for is_there in new - old:
            settled.federations[is_there] += 1
    versions.read_organisers(touched, days)
    for kind, org_id in touched:
        before = versions.keys_at(kind, org_id, lo - 1, days, node)
        after = versions.keys_at(kind, org_id, known_us, days, node)
        for left in before - after:
            settled.organisers[left] -= 1
        for joined in after - before:
            settled.organisers[joined] += 1
    return settled


class _Versions:
    """The versions an edge reads, each read once and in batches: an activity with no version
    learnt between the day's start and `known_us` is the same at both ends, an organiser's
    activities are listed once for both, and a federation's record is read once."""

    def __init__(self, conn: sqlite3.Connection, lo: int, known_us: int, node: str = ROOT) -> None:
        self.conn = conn
        self.known_us = known_us
        bounds = {"lo": lo, "hi": known_us}
        if node == ROOT:
            touched = conn.execute(_TOUCHED, bounds)
        else:  # a region's: the others' versions are not read
            region, params = within("w.region", node)
            touched = conn.execute(_TOUCHED_UNDER.format(region=region), bounds | params)
        self.touched = [row[0] for row in touched.fetchall()]
        self._touched = set(self.touched)
        self._versions: dict[str, list[tuple[int, Activity | None]]] = {}
        """each activity's versions known by `known_us` in order: (known_us, the activity or None
        when the version retracts it)"""
        self._ever: dict[str, list[str]] = {}
        self._federations: dict[str, tuple[str, str, int]] = {}
        self._ends: dict[str, list[tuple[str, int]]] = {}
        self._load(self.touched)

    def _chunks(self, ids: list[str]) -> list[str]:
        return [json.dumps(ids[i : i + _CHUNK]) for i in range(0, len(ids), _CHUNK)]

    def _load(self, activity_ids: list[str]) -> None:
        """Read the versions of the activities not read yet."""
        missing = [activity_id for activity_id in dict.fromkeys(activity_ids) if activity_id not in self._versions]
        for activity_id in missing:
            self._versions[activity_id] = []
        for chunk in self._chunks(missing):
            for activity_id, known, change, *facts in self.conn.execute(_VERSIONS, (chunk, self.known_us)):
                version = None if change == "retracted" else Activity(*facts)
                self._versions[activity_id].append((known, version))

    def read_organisers(self, organisers: set[tuple[str, str]], days: tuple[str, str]) -> None:
        """Read at once what `keys_at` needs of these organisers: their activities of the year
        `days` with their versions, and the federations' records."""
        org_ids = sorted({org_id for _, org_id in organisers} - self._ever.keys())
        for org_id in org_ids:
            self._ever[org_id] = []
        for chunk in self._chunks(org_ids):
            for org_id, activity_id in self.conn.execute(_EVER_OF, (chunk, *days)):
                self._ever[org_id].append(activity_id)
        self._load([activity_id for org_id in org_ids for activity_id in self._ever[org_id]])
        self.read_federations(sorted({org_id for kind, org_id in organisers if kind == FEDERATION}))

    def read_federations(self, org_ids: list[str]) -> None:
        """Read the records of these organisations as federations, and their ends."""
        missing = [org_id for org_id in org_ids if org_id not in self._ends]
        for org_id in missing:
            self._ends[org_id] = []
        for chunk in self._chunks(missing):
            for org_id, region, opened_on, known in self.conn.execute(_FEDERATIONS, (chunk, self.known_us)):
                self._federations[org_id] = (region, opened_on, known)
            for org_id, on_date, known in self.conn.execute(_ENDS, (chunk, self.known_us)):
                self._ends[org_id].append((on_date, known))

    def at(self, activity_id: str, known_us: int) -> Activity | None:
        """The activity as known at `known_us` (`known_us` the day's start less one, or the edge's
        end); None when it was not recorded yet or stood retracted."""
        if activity_id not in self._touched:
            known_us = self.known_us
        for known, activity in reversed(self._versions[activity_id]):
            if known <= known_us:
                return activity
        return None

    def keys_at(self, kind: str, org_id: str, known_us: int, days: tuple[str, str], node: str) -> set[OrganiserKey]:
        """Where the organiser counts at `node` in the rows of the year `days`, as known at `known_us`
        (its activities read by `read_organisers`)."""
        activities = []
        for activity_id in self._ever[org_id]:
            activity = self.at(activity_id, known_us)
            if (
                activity is not None
                and activity.organiser_id == org_id
                and activity.organiser_kind == kind
                and days[0] <= activity.held_on <= days[1]
                and node in nodes(activity.region)
            ):
                activities.append(activity)
        federation = self.federation(org_id, known_us) if kind == FEDERATION else None
        return organiser_keys(activities, federation, node)

    def federation(self, org_id: str, known_us: int) -> Federation | None:
        """The organisation as a federation, as known at `known_us` (None: not one, or not yet);
        its record read by `read_federations`."""
        record = self._federations.get(org_id)
        if record is None or record[2] > known_us:
            return None
        ended = [on_date for on_date, known in self._ends[org_id] if known <= known_us]
        return Federation(record[0], record[1], min(ended) if ended else None)
