"""The dormant known at a time, from today's.

Whether an organisation is dormant on a day (`dormancy`) depends only on its facts dated by that
day: its founding, its end, its inspections and the versions of its activities. One none of whose
facts dated by the day was learnt after the time `T` stands known at `T` as it stands today. So the
dormant known at `T` are today's (counted from the stretches of quiet, `quieted`), less those of the
organisations that learnt such a fact after `T` as they stand today (from their own stretches),
plus the same organisations as they stood known at `T`, read one by one (few: a late entry, a
correction, a retraction).

The facts learnt after `T` are found by the month of their date and the time they were learnt
(`KNOWN_THEN_DDL` of the activities model): one index range a month, of the late ones only, but for
the days just before `T`. An activity that left an organiser or a day (retracted, or corrected to
another) is found by the day it left (`activity_left`).

What was known at `T` is dated by `T`'s day in China (the deciders refuse a date in the future), so
a report on a later day stands on that day; unless a fact was ever dated ahead of the day it was
recorded (`dated_ahead`), when the report's own day stays.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date

from niangjia_projections.models.common import END_OF_TIME, Clocks, china_date, within
from niangjia_projections.models.organisations import dormancy, quieted
from niangjia_projections.models.organisations.region_size import holds_fewer
from niangjia_projections.models.organisations.schema import ENDED, INSPECTED

_DATED_AHEAD = "SELECT value FROM campaign_clock WHERE name = 'dated_ahead'"
_SOURCES = (
    ("activity_version", "organiser_id", "held_on"),
    ("activity_left", "organiser_id", "held_on"),
    ("campaign_org", "org_id", "opened_on"),
    ("campaign_org_end", "org_id", "on_date"),
    ("quiet_inspection", "org_id", "on_date"),
)
"""Each dated fact of an organisation: its table, the organisation's column and the date's."""
_MONTHS = "SELECT (SELECT min(substr({day}, 1, 7)) FROM {table}), (SELECT max(substr({day}, 1, 7)) FROM {table})"
"""The first and the last month of a table's dates, each read from one end of its index by month
(the two in one query would read the whole index)."""
_LEARNT_AFTER = (
    "SELECT {org} FROM {table} WHERE substr({day}, 1, 7) IN (SELECT value FROM json_each(:months))"
    " AND known_us > :known AND {day} <= :day"
)
_OF_REGION = "SELECT o.org_id FROM org o WHERE {region}"
_IN_REGION = """
SELECT o.org_id FROM org o
WHERE {region} AND EXISTS (SELECT 1 FROM {table} t {index}
                           WHERE t.{org} = o.org_id AND t.{day} <= :day AND t.known_us > :known)
"""
"""A region's organisations with a fact of `table` dated by the day and learnt after `known`, each
one's facts read from the table's index by organisation: quicker than the country's facts learnt
since, by month, for a region of up to `FEW_ORGANISATIONS` (at ten million events, a county of 63
organisations: 10.7 ms with only the activities read this way, 2.0 ms with every table that can)."""
_BY_ORGANISATION = {
    "activity_version": "INDEXED BY activity_version_by_organiser_day",
    "campaign_org": "",  # its primary key
    "campaign_org_end": "INDEXED BY campaign_org_end_by_org",
    "quiet_inspection": "INDEXED BY quiet_inspection_by_org",
}
"""The tables of `_SOURCES` with an index by organisation (the few activities that left an organiser
or a day are read the country's way)."""
FEW_ORGANISATIONS = 2000
_QUIET_NOW = """
SELECT org_id, org_type, NULL FROM quiet_gap
WHERE org_id IN (SELECT value FROM json_each(:ids)) AND a < :start AND b > :day
UNION ALL
SELECT org_id, org_type, i FROM quiet_finding
WHERE org_id IN (SELECT value FROM json_each(:ids)) AND i <= :day AND b > :day
"""
"""Today's dormant among some organisations, from their stretches of quiet (as `quieted` counts
them): quiet over the whole period, or found dormant since it began (`i`); found dormant when the
report's day falls in a stretch that began with a finding of dormancy."""
_ONE_BY_ONE = f"""
SELECT o.org_id, o.org_type, o.opened_on, {{last}} AS last_activity_on, {dormancy.INSPECTION_COLUMNS}
FROM org o
WHERE o.org_id IN (SELECT value FROM json_each(:ids)) AND o.opened_on <= :day AND o.known_us <= :known
  AND ({{last}} IS NULL OR {{last}} < :start
       OR EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = '{INSPECTED}'
                  AND c.value = 'dormant' AND c.on_date <= :day AND c.known_us <= :known))
  AND NOT EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = '{ENDED}'
                  AND c.on_date <= :day AND c.known_us <= :known)
"""  # noqa: S608 - constant SQL


def day_of(conn: sqlite3.Connection, clocks: Clocks) -> str:
    """The day a report known at a time stands on: its own, or the day of `known_at` in China when
    that is earlier and no fact was ever dated ahead of its recording (YYYY-MM-DD, or END_OF_TIME)."""
    assert clocks.known_at is not None
    then = china_date(clocks.known_at).isoformat()
    if then >= clocks.day or conn.execute(_DATED_AHEAD).fetchone()[0]:
        return clocks.day
    return then


def _months(first: str, last_month: str) -> list[str]:
    """Every month from `first` to `last_month` (YYYY-MM)."""
    year, month = int(first[:4]), int(first[5:7])
    last = (int(last_month[:4]), int(last_month[5:7]))
    months = []
    while (year, month) <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def learnt_after(conn: sqlite3.Connection, clocks: Clocks, day: str, region: str | None) -> list[str]:
    """The organisations of `region` with a fact dated by `day` that was learnt after `known_at`."""
    spans = [conn.execute(_MONTHS.format(day=column, table=table)).fetchone() for table, _, column in _SOURCES]
    known = [span for span in spans if span[0] is not None]
    if not known:
        return []
    last = max(span[1] for span in known)
    months = _months(min(span[0] for span in known), min(last, day[:7]))
    where, params = within("o.region", region)
    args = {"months": json.dumps(months), "known": clocks.known_us, "day": day, **params}
    changed: set[str] = set()
    few = holds_fewer(conn, region, FEW_ORGANISATIONS + 1)
    for table, org, column in _SOURCES:
        sql = _LEARNT_AFTER.format(org=org, table=table, day=column)
        if few and table in _BY_ORGANISATION:
            sql = _IN_REGION.format(region=where, table=table, index=_BY_ORGANISATION[table], org=org, day=column)
        changed.update(row[0] for row in conn.execute(sql, args))
    if region is not None:  # the country's learnt since, kept if in the region (its ids read once)
        changed &= {row[0] for row in conn.execute(_OF_REGION.format(region=where), params)}
    return sorted(changed)


def quiet_now(
    conn: sqlite3.Connection, day: str, since: date, ids: list[str]
) -> dict[str, tuple[str, dormancy.Reason]]:
    """Of the organisations `ids`, those dormant on `day` on today's knowledge, as `one_by_one`
    would find them, from their stretches of quiet (when `quieted.answers`)."""
    start = since.isoformat()
    args = {"ids": json.dumps(ids), "day": min(day, quieted.LAST_DAY), "start": start}
    quiet: dict[str, str] = {}
    found: dict[str, tuple[str, str]] = {}
    for org_id, org_type, found_on in conn.execute(_QUIET_NOW, args):
        if found_on is None:
            quiet[org_id] = org_type
        else:
            found[org_id] = (org_type, found_on)
    dormant: dict[str, tuple[str, dormancy.Reason]] = {}
    for org_id, org_type in quiet.items():
        dormant[org_id] = (org_type, "finding" if org_id in found else "silence")
    for org_id, (org_type, found_on) in found.items():
        if found_on >= start:
            dormant[org_id] = (org_type, "finding")
    return dormant


def one_by_one(
    conn: sqlite3.Connection, clocks: Clocks, day: str, since: date, ids: list[str]
) -> dict[str, tuple[str, dormancy.Reason]]:
    """Of the organisations `ids`, those standing and dormant on `day` as known at `clocks.known_at`
    (today when None), each with its type and the reason. Only those that may be are read whole:
    with no activity since the period began, or a finding of dormancy (most changed organisations
    held one lately)."""
    last = dormancy.CURRENT_LAST if clocks.known_at is None else dormancy.KNOWN_LAST
    sql = _ONE_BY_ONE.format(last=last)
    start = since.isoformat()
    found: dict[str, tuple[str, dormancy.Reason]] = {}
    for org_id, org_type, opened_on, last_on, finding, inspected_on in conn.execute(
        sql, {"ids": json.dumps(ids), "day": day, "known": clocks.known_us, "start": start}
    ):
        why = dormancy.reason_of(opened_on, finding, inspected_on, last_on, start)
        if why is not None:
            found[org_id] = (org_type, why)
    return found


class KnownThen:
    """The dormant of a region on the clocks, known at a time, from today's (see the module)."""

    def __init__(self, conn: sqlite3.Connection, clocks: Clocks, since: date, region: str | None) -> None:
        self.day = day_of(conn, clocks)
        self.today = Clocks(as_of=None if self.day == END_OF_TIME else date.fromisoformat(self.day))
        """today's knowledge, on the day the report stands on"""
        self.since, self.region = since, region
        self.answers = quieted.answers(self.today, since)
        self.changed: list[str] = []
        self.then: dict[str, tuple[str, dormancy.Reason]] = {}
        self.now: dict[str, tuple[str, dormancy.Reason]] = {}
        if self.answers:
            self.changed = learnt_after(conn, clocks, self.day, region)
            self.then = one_by_one(conn, clocks, self.day, since, self.changed)
            self.now = quiet_now(conn, self.day, since, self.changed)

    def dormant(self, conn: sqlite3.Connection) -> dict[str, quieted.Dormant]:
        """The dormant by type, when it `answers`."""
        counts: dict[str, Counter[str]] = {}
        for org_type, found in quieted.dormant(conn, self.today, self.since, self.region).items():
            counts[org_type] = Counter(total=found.total, finding=found.by_finding)
        for sign, dormant in ((1, self.then), (-1, self.now)):
            for org_type, why in dormant.values():
                tally = counts.setdefault(org_type, Counter())
                tally["total"] += sign
                tally["finding"] += sign * (why == "finding")
        return {
            org_type: quieted.Dormant(total=tally["total"], by_finding=tally["finding"])
            for org_type, tally in counts.items()
            if tally["total"]
        }


def everyone_dormant(conn: sqlite3.Connection, clocks: Clocks, since: date) -> bool:
    """Whether every standing organisation is dormant: the period of silence starts after the day
    the report stands on (nothing dated in it can be known; see `dormancy.reason_of`)."""
    day = clocks.day if clocks.known_at is None else day_of(conn, clocks)
    return since.isoformat() > day


def dormant(
    conn: sqlite3.Connection, clocks: Clocks, since: date, region: str | None
) -> dict[str, quieted.Dormant] | None:
    """The dormant standing organisations of `region` by type from the stretches of quiet, on today's
    knowledge or known at a time; None when they do not answer (`quieted.answers`)."""
    if clocks.known_at is None:
        return quieted.dormant(conn, clocks, since, region) if quieted.answers(clocks, since) else None
    then = KnownThen(conn, clocks, since, region)
    return then.dormant(conn) if then.answers else None
