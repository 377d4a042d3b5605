"""The federations founded within a window (`/founded`), from the tallies (`tally`), exact on both
clocks: those founded by the window's last day less those by the day before its first, each year
alike, read as counts; of them, those ended on `as_of` summed from their ended points."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from niangjia_projections.models.common import Clocks, within, within_parts
from niangjia_projections.models.organisations.schema import FEDERATION
from niangjia_projections.models.organisations.tallied import Sums, bounds, kept, read_sums
from niangjia_projections.models.organisations.tally import ENDED_FIGURE, EVER, TOTAL

_FEDERATIONS_EVER = f"org_type = '{FEDERATION}' AND figure = '{EVER}'"
_ENDED_AMONG = f"""
SELECT coalesce(sum(p.sign), 0) FROM tally_point p INDEXED BY tally_point_ended
WHERE p.figure = '{ENDED_FIGURE}' AND p.opened_on BETWEEN :founded_from AND :founded_to
  AND p.day <= :day AND p.known_us <= :known AND p.org_type = '{FEDERATION}' AND {{region}}
"""  # noqa: S608 - constants
"""Of the federations founded within a window, those ended on the clocks (their points of `ended`)."""
FOUNDED_DIMS = ("domain", "sector", "kind", "level")


def founded(
    conn: sqlite3.Connection, clocks: Clocks, region: str | None, first: date, last: date
) -> tuple[dict[str, dict[str, int]], int]:
    """The federations founded from `first` to `last` (both included, `last` at most `as_of`) as
    recorded by `known_at`, by `FOUNDED_DIMS` and by year; and how many of them stand on `as_of`.
    Each year's are those founded by its last day (in the window) less those founded before its
    first, each read as a count `as_of` that day."""
    if not kept(region):
        return _founded_points(conn, clocks, region, first, last)
    days = [first - timedelta(days=1) if first > date.min else None]
    days += [min(last, date(year, 12, 31)) for year in range(first.year, last.year + 1)]
    by_day: list[dict[tuple[str, str], int]] = []
    for day in days:
        sums: Sums = {}
        if day is not None:
            on_day = Clocks(as_of=day, known_at=clocks.known_at)
            sums = read_sums(conn, on_day, region, bounds(on_day) | {"node": region or ""}, _FEDERATIONS_EVER, EVER)
        by_day.append({(dim, value): n for (_, _, dim, value), (n, *_) in sums.items()})
    by: dict[str, dict[str, int]] = {name: {} for name in (*FOUNDED_DIMS, "year")}
    for year, before, by_end in zip(range(first.year, last.year + 1), by_day, by_day[1:], strict=False):
        for (dim, value), n in by_end.items():
            moved = n - before.get((dim, value), 0)
            if moved and dim in by:
                by[dim][value] = by[dim].get(value, 0) + moved
        total = by_end.get((TOTAL, ""), 0) - before.get((TOTAL, ""), 0)
        if total:
            by["year"][str(year)] = total
    return {name: dict(sorted(counts.items())) for name, counts in by.items()}, _standing(
        conn, clocks, region, first, last, by
    )


def _standing(
    conn: sqlite3.Connection, clocks: Clocks, region: str | None, first: date, last: date, by: dict[str, dict[str, int]]
) -> int:
    """Of the federations founded within the window (`by` year), those standing on the clocks."""
    where, more = within("p.region", region)
    window = {"founded_from": first.isoformat(), "founded_to": last.isoformat()}
    ended = conn.execute(_ENDED_AMONG.format(region=where), bounds(clocks) | window | more).fetchone()[0]
    return int(sum(by["year"].values()) - ended)


_FOUNDED_POINTS = f"""
SELECT p.domain, p.sector, p.kind, p.level, substr(p.day, 1, 4), sum(p.sign) FROM tally_point p
WHERE p.figure = '{EVER}' AND p.day BETWEEN :founded_from AND :founded_to AND p.known_us <= :known
  AND p.org_type = '{FEDERATION}' AND {{region}}
GROUP BY 1, 2, 3, 4, 5
"""  # noqa: S608 - constants


def _founded_points(
    conn: sqlite3.Connection, clocks: Clocks, region: str | None, first: date, last: date
) -> tuple[dict[str, dict[str, int]], int]:
    """`founded` for a city, a county or a town: its points of the ever founded in the window, read
    by region (itself, then below it)."""
    parts, more = within_parts("p.region", region)
    args = {"founded_from": first.isoformat(), "founded_to": last.isoformat(), "known": clocks.known_us, **more}
    by: dict[str, dict[str, int]] = {name: {} for name in (*FOUNDED_DIMS, "year")}
    for part in parts:
        for *codes, year, n in conn.execute(_FOUNDED_POINTS.format(region=part), args):
            for name, value in zip(by, (*codes, year), strict=True):
                key = str(value or "none")
                by[name][key] = by[name].get(key, 0) + n
    found = {name: {value: n for value, n in sorted(counts.items()) if n} for name, counts in by.items()}
    return found, _standing(conn, clocks, region, first, last, found)
