"""The dormant organisations counted from the stretches of quiet (`activities.quiet`), on today's
knowledge: those quiet over the whole period (dormant by silence, or by a finding before it) and
those found dormant since it began. The same figures as `dormancy` gives one organisation at a time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from niangjia_projections.models.activities.quiet import KEPT_DAYS, LONG_DAYS
from niangjia_projections.models.common import END_OF_TIME, Clocks, within
from niangjia_projections.models.organisations.dormancy import CURRENT_LAST, INSPECTION_COLUMNS

_LAST_DAY = "9999-12-30"
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
SUMMED_DEPTH = 1
"""A province's stretches are many: read by their dates, not by region."""
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
    day = clocks.as_of or date.fromisoformat(_LAST_DAY)
    return (day - since).days + 2 >= KEPT_DAYS


def _period(clocks: Clocks, since: date) -> tuple[str, str]:
    """The day a report stands on, and which stretches span its period (SQL): at least a year's
    are found by their own index."""
    day = min(clocks.day, _LAST_DAY)
    window = (date.fromisoformat(day) - since).days + 2
    return day, f"days >= {LONG_DAYS}" if window >= LONG_DAYS else "1"


def _indexes(region: str | None, day: str) -> dict[str, str]:
    """How the stretches of `region` are read: a city's, a county's or a town's by region first,
    unless the report stands on the last day (no stretch ends after it but those to this day)."""
    if region is None or region.count("/") + 1 <= SUMMED_DEPTH or day == _LAST_DAY:
        return {"gaps": "", "findings": ""}
    return {"gaps": " INDEXED BY quiet_gap_by_region", "findings": " INDEXED BY quiet_finding_by_region"}


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
    gaps, findings = _indexes(region, day).values()
    parts = [_QUIET_PAST.format(long=long, region=where, by=gaps), _QUIET_MONTHS]
    args |= {"month": start[:7], "first": start[:7] + "-01"}
    parts.append(_QUIET_TO_DATE.format(region=where))
    quiet: dict[str, int] = {}
    for part in parts:
        for org_type, n in conn.execute(part, args):
            quiet[org_type] = quiet.get(org_type, 0) + n
    found: dict[str, tuple[int, int]] = {
        org_type: (every, since_start)
        for org_type, every, since_start in conn.execute(_FOUND.format(region=where, by=findings), args)
    }
    out: dict[str, Dormant] = {}
    for org_type in quiet.keys() | found.keys():
        every, since_start = found.get(org_type, (0, 0))
        out[org_type] = Dormant(total=quiet.get(org_type, 0) + since_start, by_finding=every)
    return out


_PAGE = f"""
SELECT o.position, o.org_id, o.org_type, o.name, o.domain, o.setting, o.region, o.opened_on,
       {CURRENT_LAST} AS last_activity_on,
       {INSPECTION_COLUMNS}
FROM org o
WHERE o.position > :after AND {{region}} AND {{dormant}}
ORDER BY o.position
LIMIT :limit
"""  # noqa: S608 - constant SQL
_QUIET_NOW = (
    "(EXISTS (SELECT 1 FROM quiet_gap g WHERE g.org_id = o.org_id AND g.a < :start AND g.b > :day)"
    " OR EXISTS (SELECT 1 FROM quiet_finding f WHERE f.org_id = o.org_id AND f.i >= :start AND f.i <= :day"
    " AND f.b > :day))"
)
"""Whether the organisation of a row is dormant, asked of it (when most are, a page is found soon)."""
_AMONG_DORMANT = (
    "o.org_id IN (SELECT org_id FROM quiet_gap WHERE b = '9999-12-31' AND a < :start AND {region}"
    " UNION ALL SELECT org_id FROM quiet_gap{gaps} WHERE b > :day AND b < '9999-12-31' AND a < :start AND {long}"
    " AND {region}"
    " UNION ALL SELECT org_id FROM quiet_finding{findings} WHERE i >= :start AND i <= :day AND b > :day AND {region})"
)
"""The dormant found first (when few are)."""
FEW = 5000


def page(
    conn: sqlite3.Connection, clocks: Clocks, since: date, region: str | None, total: int, *, after: int, limit: int
) -> list[tuple[Any, ...]]:
    """Up to `limit` dormant organisations founded after position `after`, in the order they were
    founded, when `answers`, the region having `total` of them: rows of (position, org_id, type,
    name, domain, setting, region, opened_on, last activity, latest finding, its date)."""
    day, long = _period(clocks, since)
    org_where, params = within("o.region", region)
    if total <= FEW:
        where, _ = within("region", region)
        dormant = _AMONG_DORMANT.format(long=long, region=where, **_indexes(region, day))
    else:
        dormant = _QUIET_NOW
    args = {"day": day, "start": since.isoformat(), "after": after, "limit": limit, "known": clocks.known_us, **params}
    return list(conn.execute(_PAGE.format(region=org_where, dormant=dormant), args))
