"""The organisations founded, ended and standing at each quarter's end, in one pass on both clocks.

Each point is what `/counts` answers `as_of` that day (`ever_founded`, `ended`, and the standing
totals), as known at `known_at`: an organisation founded on or before the day counts as founded, as
ended once its end dated on or before the day is recorded, and as standing in between. The last
point is the report's own date when it falls inside a quarter.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from datetime import date
from typing import Any

from niangjia_contracts.regions import county_code

from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.organisations import dated
from niangjia_projections.models.organisations.schema import ENDED, FEDERATION, MICRO_HOME
from niangjia_projections.models.organisations.tally import EVER

_FOUNDED = """
SELECT o.org_type, o.opened_on, count(*) FROM org o
WHERE o.opened_on <= :day AND o.known_us <= :known AND {region}
GROUP BY 1, 2
"""
_ENDED = f"""
SELECT org_type, max(opened_on, ended_on), count(*) FROM (
    SELECT o.org_type, o.opened_on, min(c.on_date) AS ended_on
    FROM {{tables}} ON o.org_id = c.org_id
    WHERE c.change = '{ENDED}' AND c.known_us <= :known
      AND o.opened_on <= :day AND o.known_us <= :known AND {{region}}
    GROUP BY c.org_id)
GROUP BY 1, 2
"""  # noqa: S608 - the change's name is a constant
# An end dated before the founding counts from the founding, as in the counts. Over the country the
# ends are read first (fewer than the organisations); within a region its organisations are.
_ENDS_FIRST, _REGION_FIRST = "org_change c JOIN org o", "org o CROSS JOIN org_change c"
_FIRST = "SELECT min(o.opened_on) FROM org o WHERE o.known_us <= :known AND {region}"
_QUARTER_ENDS = ("03-31", "06-30", "09-30", "12-31")


def quarter_ends(first_year: int, until: date) -> list[tuple[int, int, str]]:
    """(year, quarter, day) of each quarter's end from `first_year` on, the last being `until`
    itself when it falls inside a quarter."""
    ends: list[tuple[int, int, str]] = []
    last = until.isoformat()
    for year in range(first_year, until.year + 1):
        for quarter, end in enumerate(_QUARTER_ENDS, start=1):
            day = f"{year:04d}-{end}"
            if day >= last:
                ends.append((year, quarter, last))
                return ends
            ends.append((year, quarter, day))
    return ends


def first_year(conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> int | None:
    """The year of the first founding in `region` recorded by `known_at`; None before any."""
    where, params = within("o.region", region)
    row = conn.execute(_FIRST.format(region=where), {"known": clocks.known_us, **params}).fetchone()
    return int(row[0][:4]) if row[0] else None


def quarter_counts(
    conn: sqlite3.Connection,
    clocks: Clocks,
    region: str | None,
    until: date,
    since_year: int | None = None,
    *,
    from_tallies: bool = True,
) -> dict[str, Any]:
    """The points from `since_year` (default: the year of the region's first founding) to `until`
    (needs `organisations`; `clocks.as_of` is `until`). Read from the tallies (a city's or a
    county's points) unless `from_tallies` is False, else from the organisations."""
    tallies = from_tallies
    first = (dated.first_year if tallies else first_year)(conn, clocks, region)
    start = since_year if since_year is not None else first or until.year
    ends = quarter_ends(start, until)
    days = [day for _, _, day in ends]
    founded = {FEDERATION: [0] * (len(days) + 1), MICRO_HOME: [0] * (len(days) + 1)}
    ended = {FEDERATION: [0] * (len(days) + 1), MICRO_HOME: [0] * (len(days) + 1)}
    if tallies:
        for day, org_type, figure, n in dated.dated_totals(conn, Clocks(until, clocks.known_at), region):
            (founded if figure == EVER else ended)[org_type][bisect_left(days, day)] += n
    else:
        where, region_params = within("o.region", region)
        params = {"day": until.isoformat(), "known": clocks.known_us, **region_params}
        for org_type, opened_on, n in conn.execute(_FOUNDED.format(region=where), params):
            founded[org_type][bisect_left(days, opened_on)] += n  # from the first quarter's end on or after it
        tables = _ENDS_FIRST if region is None else _REGION_FIRST
        for org_type, ended_on, n in conn.execute(_ENDED.format(region=where, tables=tables), params):
            ended[org_type][bisect_left(days, ended_on)] += n
    points = []
    totals = {name: {FEDERATION: 0, MICRO_HOME: 0} for name in ("ever_founded", "ended")}
    for i, (year, quarter, day) in enumerate(ends):
        for org_type in (FEDERATION, MICRO_HOME):
            totals["ever_founded"][org_type] += founded[org_type][i]
            totals["ended"][org_type] += ended[org_type][i]
        points.append(
            {
                "year": year,
                "quarter": quarter,
                "day": day,
                **{name: _pair(counted[FEDERATION], counted[MICRO_HOME]) for name, counted in totals.items()},
                "standing": _pair(
                    totals["ever_founded"][FEDERATION] - totals["ended"][FEDERATION],
                    totals["ever_founded"][MICRO_HOME] - totals["ended"][MICRO_HOME],
                ),
            }
        )
    return {
        **Clocks(until, clocks.known_at).as_dict(),
        "region": region,
        "region_code": county_code(region) if region else None,
        "quarters": points,
    }


def _pair(federations: int, micro_homes: int) -> dict[str, int]:
    return {"federations": federations, "micro_homes": micro_homes}
