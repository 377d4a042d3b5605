"""The dormant organisations counted from the stretches of quiet (`activities.quiet`), on today's
knowledge: those quiet over the whole period (dormant by silence, or by a finding before it) and
those found dormant since it began. The same figures as `dormancy` gives one organisation at a time.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from niangjia_projections.models.activities.quiet import KEPT_DAYS, LONG_DAYS, SPAN_DEPTH
from niangjia_projections.models.common import END_OF_TIME, Clocks, within, within_parts
from niangjia_projections.models.organisations.dormancy import INSPECTION_COLUMNS, last_activity

LAST_DAY = "9999-12-30"
"""A report without `as_of` stands on the last day a touch can fall on (a stretch with no next touch
ends on `END_OF_TIME`)."""

_QUIET_TO_DATE = f"""
SELECT org_type, count(*) FROM quiet_gap WHERE b = '{END_OF_TIME}' AND a >= :first AND a < :start AND {{region}}
GROUP BY org_type
"""  # noqa: S608 - a constant date
"""Quiet to this day since before the period, since its month's first day (the months before are
summed in `quiet_open`)."""
_QUIET_MONTHS = "SELECT org_type, sum(n) FROM quiet_open WHERE node = :node AND month < :month GROUP BY org_type"
_QUIET_PAST = f"""
SELECT org_type, count(*) FROM quiet_gap{{by}}
WHERE b > :day AND b < '{END_OF_TIME}' AND a < :start AND {{long}} AND {{region}}
GROUP BY org_type
"""  # noqa: S608 - a constant date
"""Quiet over the period until a touch after the report's date."""
_SPANS = (
    "SELECT org_type, sum(n) FROM quiet_span WHERE node = :node AND a_m < :month AND b_m > :day_month GROUP BY org_type"
)
"""Of those, the country's or a province's that began in a month before the period's and ended in
one after the report's, summed; then those that began in the period's month before it, and those
that began before it and ended in the report's month after it, one by one (`_SPAN_EDGES`)."""
_SPAN_EDGES = (
    f"""
    SELECT org_type, count(*) FROM quiet_gap INDEXED BY quiet_gap_by_start
    WHERE a >= :first AND a < :start AND b > :day AND b < '{END_OF_TIME}' AND {{region}}
    GROUP BY org_type
    """,  # noqa: S608 - a constant date
    """
    SELECT org_type, count(*) FROM quiet_gap INDEXED BY quiet_gap_by_end
    WHERE b > :day AND b < :day_month_end AND a < :first AND {region}
    GROUP BY org_type
    """,
)
SUMMED_DEPTH = SPAN_DEPTH
"""A province's stretches are many: read by their dates or summed, not read by region."""
_FOUND = """
SELECT org_type, count(*), coalesce(sum(i >= :start), 0) FROM quiet_finding{by}
WHERE i <= :day AND b > :day AND {region}
GROUP BY org_type
"""


def answers(clocks: Clocks, since: date) -> bool:
    """Whether the stretches count the dormant: on today's knowledge, over a period of at least
    `KEPT_DAYS - 2` days (a stretch that spans it is at least two days longer)."""
    if clocks.known_at is not None:
        return False
    day = clocks.as_of or date.fromisoformat(LAST_DAY)
    return (day - since).days + 2 >= KEPT_DAYS


def _period(clocks: Clocks, since: date) -> tuple[str, str]:
    """The day a report stands on, and which stretches span its period (SQL): at least a year's
    are found by their own index."""
    day = min(clocks.day, LAST_DAY)
    window = (date.fromisoformat(day) - since).days + 2
    return day, f"days >= {LONG_DAYS}" if window >= LONG_DAYS else "1"


def _indexes(region: str | None, day: str, summed_depth: int) -> dict[str, str]:
    """How the stretches of `region` are read: by region first below `summed_depth`, unless the
    report stands on the last day (no stretch ends after it but those to this day)."""
    if region is None or region.count("/") + 1 <= summed_depth or day == LAST_DAY:
        return {"gaps": "", "findings": ""}
    return {"gaps": " INDEXED BY quiet_gap_by_region", "findings": " INDEXED BY quiet_finding_by_region"}


def _summed(region: str | None) -> bool:
    return region is None or region.count("/") + 1 <= SUMMED_DEPTH


@dataclass(frozen=True, slots=True)
class Dormant:
    """Of one type: the dormant, and those of them found dormant by an inspection."""

    total: int = 0
    by_finding: int = 0

    @property
    def by_silence(self) -> int:
        return self.total - self.by_finding


def dormant(conn: sqlite3.Connection, clocks: Clocks, since: date, region: str | None) -> dict[str, Dormant]:
    """The dormant standing organisations of `region` by type, when `answers` (needs `activities`)."""
    day, long = _period(clocks, since)
    start = since.isoformat()
    where, params = within("region", region)
    args = {"day": day, "start": start, "node": region or "", **params}
    gaps, findings = _indexes(region, day, SUMMED_DEPTH).values()
    args |= {"month": start[:7], "first": start[:7] + "-01", "day_month": day[:7], "day_month_end": day[:7] + "-99"}
    by_region = within_parts("region", region)[0] if gaps else [where]  # read by region first: a part at a time
    parts = [_QUIET_MONTHS, _QUIET_TO_DATE.format(region=where)]
    if _summed(region) and day != LAST_DAY:
        parts += [_SPANS, *(edge.format(region=where) for edge in _SPAN_EDGES)]
    else:
        parts += [_QUIET_PAST.format(long=long, region=part, by=gaps) for part in by_region]
    quiet: Counter[str] = Counter()
    for sql in parts:
        quiet.update(dict(conn.execute(sql, args)))
    every: Counter[str] = Counter()
    since_start: Counter[str] = Counter()
    for part in by_region:
        for org_type, n, since_n in conn.execute(_FOUND.format(region=part, by=findings), args):
            every[org_type] += n
            since_start[org_type] += since_n
    return {
        org_type: Dormant(total=quiet[org_type] + since_start[org_type], by_finding=every[org_type])
        for org_type in quiet.keys() | every.keys()
    }


_PAGE = f"""
SELECT o.position, o.org_id, o.org_type, o.name, o.domain, o.setting, o.region, o.opened_on,
       {{last_activity}},
       {INSPECTION_COLUMNS}
FROM org o{{walk}}
WHERE o.position > :after AND {{region}} AND {{dormant}}
ORDER BY o.position
LIMIT :limit
"""  # noqa: S608 - constant SQL
_QUIET_NOW = (
    "(EXISTS (SELECT 1 FROM quiet_gap g WHERE g.org_id = o.org_id AND g.a < :start AND g.b > :day)"
    " OR EXISTS (SELECT 1 FROM quiet_finding f WHERE f.org_id = o.org_id AND f.i >= :start AND f.i <= :day"
    " AND f.b > :day))"
)
"""Whether the organisation of a row is dormant, asked of it in founding order (when many are, a page
is found soon; not by region first, which would ask it of every organisation of the region)."""
_QUIET_IDS = "SELECT org_id FROM quiet_gap WHERE b = '9999-12-31' AND a < :start AND {region}"
_QUIET_PAST_IDS = (
    "SELECT org_id FROM quiet_gap{gaps} WHERE b > :day AND b < '9999-12-31' AND a < :start AND {long} AND {region}"
)
_FOUND_IDS = "SELECT org_id FROM quiet_finding{findings} WHERE i >= :start AND i <= :day AND b > :day AND {region}"
"""The dormant found first (when few are): those quiet to this day, those quiet until after the
report's date, those found dormant since the period began."""
FEW = 5000


@dataclass(frozen=True, slots=True)
class Then:
    """A page known at a time (`known_then`): `changed` learnt a fact dated by the day since then,
    and of them `dormant` were dormant then; the rows' facts as known at `clocks`."""

    clocks: Clocks
    changed: Sequence[str]
    dormant: Sequence[str]


_NOT_CHANGED = "org_id NOT IN (SELECT value FROM json_each(:changed))"
_DORMANT_THEN = "SELECT value FROM json_each(:then)"


def page(
    conn: sqlite3.Connection,
    clocks: Clocks,
    since: date,
    region: str | None,
    total: int,
    *,
    after: int,
    limit: int,
    then: Then | None = None,
) -> list[tuple[Any, ...]]:
    """Up to `limit` dormant organisations founded after position `after`, in the order they were
    founded, when `answers`, the region having `total` of them: rows of (position, org_id, type,
    name, domain, setting, region, opened_on, last activity, latest finding, its date). Known at a
    time (`then`), today's dormant but those changed since, and those dormant then."""
    day, long = _period(clocks, since)
    org_where, params = within("o.region", region)
    if total <= FEW:
        where, _ = within("region", region)
        indexes = _indexes(region, day, 0)  # a province's few, found among its own stretches
        by_region = within_parts("region", region)[0] if indexes["gaps"] else [where]
        found = [_QUIET_IDS.format(region=where)]
        for part in by_region:
            found += [
                _QUIET_PAST_IDS.format(long=long, region=part, **indexes),
                _FOUND_IDS.format(region=part, **indexes),
            ]
        ids = " UNION ALL ".join(found)
        if then is not None:
            ids = f"SELECT org_id FROM ({ids}) WHERE {_NOT_CHANGED} UNION {_DORMANT_THEN}"  # noqa: S608 - constant SQL
        dormant, walk = f"o.org_id IN ({ids})", ""
    else:
        dormant, walk = _QUIET_NOW, " INDEXED BY org_by_position"
        if then is not None:
            dormant = f"({dormant} AND o.{_NOT_CHANGED} OR o.org_id IN ({_DORMANT_THEN}))"
    rows_at = clocks if then is None else then.clocks
    args = {"day": day, "start": since.isoformat(), "after": after, "limit": limit, "known": rows_at.known_us, **params}
    if then is not None:
        args |= {"changed": json.dumps(list(then.changed)), "then": json.dumps(list(then.dormant))}
    sql = _PAGE.format(region=org_where, dormant=dormant, walk=walk, last_activity=last_activity(rows_at))
    return list(conn.execute(sql, args))
