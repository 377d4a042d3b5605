"""The founded and the ended by date (`/counts/quarters`) and the first year of a region, from the
tallies (`tally`), exact on both clocks."""

from __future__ import annotations

import sqlite3
from typing import Any

from niangjia_projections.models.common import Clocks, within, within_parts
from niangjia_projections.models.organisations.tallied import DAY_EDGE, EVERY, KNOWN_EDGE, RECORDED, bounds, kept
from niangjia_projections.models.organisations.tally import ENDED_FIGURE, EVER, TOTAL

_DATED_MONTHS = f"""
SELECT day_m || '-01', org_type, figure, sum(n) FROM tally
WHERE marginal = :dated AND node = :node AND day_m < :month AND known_m < :known_month
  AND figure IN ('{EVER}', '{ENDED_FIGURE}') AND dim = '{TOTAL}'
GROUP BY 1, 2, 3
"""  # noqa: S608 - constant figures
_DATED_DAYS = f"""
SELECT day_m, org_type, figure, sum(n) FROM tally
WHERE marginal = :fine AND node = '' AND day_m >= :first AND day_m <= :day AND known_m < :known_month
  AND figure IN ('{EVER}', '{ENDED_FIGURE}') AND dim = '{TOTAL}'
GROUP BY 1, 2, 3
"""  # noqa: S608 - constant figures
_DATED_POINTS = f"""
SELECT {{dated}}, p.org_type, p.figure, sum(p.sign) FROM tally_point p
WHERE {{edge}} AND p.figure IN ('{EVER}', '{ENDED_FIGURE}') AND {{region}}
GROUP BY 1, 2, 3
"""  # noqa: S608 - constant figures
_BY_DAY, _BY_MONTH = "p.day", "substr(p.day, 1, 7) || '-01'"
"""A region's points summed by day (an edge's few), or by month (all of a city's or a county's:
tens of thousands, and a sort of the sums by day took two thirds of the read)."""
_FIRST_MONTH = f"""
SELECT min(day_m) FROM tally
WHERE marginal = :dated AND node = :node AND figure = '{EVER}' AND dim = '{TOTAL}' AND known_m < :known_month
"""  # noqa: S608 - constant figures
_FIRSTRECORDED = f"""
SELECT min(p.day) FROM tally_point p
WHERE p.figure = '{EVER}' AND p.known_us >= :known_first AND p.known_us <= :known AND {{region}}
"""  # noqa: S608 - a constant figure
"""The earliest founding among the points recorded from `known_first`: a month's (the country's or a
province's, by the time recorded)."""
_FIRST_IN_REGION = f"""
WITH RECURSIVE below(region) AS (
    SELECT (SELECT min(q.region) FROM tally_point q WHERE q.region >= :region_lo AND q.region < :region_hi)
    UNION ALL
    SELECT (SELECT min(q.region) FROM tally_point q WHERE q.region > below.region AND q.region < :region_hi)
    FROM below WHERE below.region IS NOT NULL
)
SELECT min((SELECT min(p.day) FROM tally_point p INDEXED BY tally_point_by_region
            WHERE p.region = r.region AND p.figure = '{EVER}' AND p.known_us <= :known))
FROM (SELECT :region AS region UNION ALL SELECT region FROM below WHERE region IS NOT NULL) r
"""  # noqa: S608 - a constant figure
"""The earliest founding recorded by `known` in a city, a county or a town: the region's own points,
then each region below it in turn, found one after the other in the index by region (a skip from
one to the next), each one's earliest founding read from the same index by (region, figure, day).
Reading every point of a large county in the index's range took 120 ms at ten million events."""


def dated_totals(conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> list[tuple[str, str, str, int]]:
    """(day, type, `ever` or `ended`, organisations) whose sum over the days up to any date by
    `as_of` is that date's `ever_founded` and `ended` as known at `known_at`; a month's sum is
    dated on its first day."""
    params: dict[str, Any] = bounds(clocks) | {"node": region or ""}
    where, more = within("p.region", region)
    if not kept(region):  # a city's, a county's or a town's points, read by region: itself, then below
        return [
            row
            for part in within_parts("p.region", region)[0]
            for row in conn.execute(_DATED_POINTS.format(dated=_BY_MONTH, edge=EVERY, region=part), params | more)
        ]
    rows = list(conn.execute(_DATED_MONTHS, params))
    edges = []
    if region is None:
        rows += conn.execute(_DATED_DAYS, params)
        if clocks.known_at is not None:
            edges.append(RECORDED)
    else:
        if clocks.as_of is not None:
            edges.append(DAY_EDGE)
        if clocks.known_at is not None:
            edges.append(KNOWN_EDGE)
    for edge in edges:
        rows += conn.execute(_DATED_POINTS.format(dated=_BY_DAY, edge=edge, region=where), params | more)
    return rows


def first_year(conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> int | None:
    """The year of the first founding in `region` recorded by `known_at`; None before any."""
    params: dict[str, Any] = bounds(Clocks(known_at=clocks.known_at)) | {"node": region or ""}
    where, more = within("p.region", region)
    if not kept(region):
        return _year(conn.execute(_FIRST_IN_REGION, params | more).fetchone()[0])
    firsts = [conn.execute(_FIRST_MONTH, params).fetchone()[0]]
    if clocks.known_at is not None:
        firsts.append(conn.execute(_FIRSTRECORDED.format(region=where), params | more).fetchone()[0])
    found = [first for first in firsts if first is not None]
    return _year(min(found) if found else None)


def _year(day: str | None) -> int | None:
    return int(day[:4]) if day is not None else None
