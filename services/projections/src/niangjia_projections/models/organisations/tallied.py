"""Counts read from the tallies (see `tally`), exact on both clocks.

A point (day, known) counts when `day <= as_of` and `known <= known_at`. The sums of the months
before `as_of`'s recorded in months before `known_at`'s are kept (`_MONTHS`, `_REGIONS`); the other
points that count are those dated in `as_of`'s month (`_DAY_EDGE`) and those dated before it
recorded in `known_at`'s month (`_KNOWN_EDGE`), read from the points themselves. The country's
figures by dimension read the days of `as_of`'s month from sums by day too (`_NATIONAL_SUMS`), and
only the points recorded in `known_at`'s month one by one (`_RECORDED`).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from niangjia_kit.projection import to_us

from niangjia_projections.models.common import Clocks, within, within_parts
from niangjia_projections.models.organisations.schema import FEDERATION, MICRO_HOME
from niangjia_projections.models.organisations.tally import (
    BOTH,
    BOTH_FINE,
    DAY,
    DAY_FINE,
    DIM_DEPTH,
    ENDED_FIGURE,
    EVER,
    NOW,
    RECOGNISED_FIGURE,
    STANDING,
    TOTAL,
    codes_of,
    keys_of,
    known_month,
    month_of,
    paths,
)

_MONTHS = """
SELECT org_type, figure, dim, value, n, women, executives, covered FROM tally
WHERE marginal = :coarse AND node = :node AND day_m < :month AND known_m < :known_month AND {only}
"""
_SUMS = f"SELECT org_type, figure, dim, value, sum(n), sum(women), sum(executives), sum(covered) FROM ({_MONTHS}) GROUP BY 1, 2, 3, 4"  # noqa: S608
_NATIONAL_SUMS = f"""
SELECT org_type, figure, dim, value, sum(n), sum(women), sum(executives), sum(covered) FROM (
    {_MONTHS}
    UNION ALL
    SELECT org_type, figure, dim, value, n, women, executives, covered FROM tally
    WHERE marginal = :fine AND node = '' AND day_m >= :first AND day_m <= :day AND known_m < :known_month AND {{only}})
GROUP BY 1, 2, 3, 4
"""  # noqa: S608
_REGIONS = """
SELECT node, org_type, sum(n) FROM tally_region
WHERE marginal = :region_coarse AND depth BETWEEN :shallow AND :deep AND {region}
  AND day_m < :month AND known_m < :known_month
GROUP BY node, org_type
"""
_EDGE_SUMS = (
    """
    SELECT p.figure, p.org_type, p.domain, p.sector, p.kind, p.level, p.setting, sum(p.sign),
           sum(p.sign * p.women), sum(p.sign * p.executives), sum(p.sign * p.covered)
    FROM tally_point p
    WHERE p.figure = :coded AND {edge} AND {region} AND {only}
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    """,
    """
    SELECT p.figure, p.org_type, NULL, NULL, NULL, NULL, NULL, sum(p.sign), 0, 0, 0
    FROM tally_point p
    WHERE p.figure != :coded AND {edge} AND {region} AND {only}
    GROUP BY 1, 2
    """,
)
"""The points' sums: those of one figure (`coded`) by what they are counted by, the others by figure
alone (their rows have no codes)."""
_EDGE_REGIONS = f"""
SELECT p.org_type, p.region, sum(p.sign) FROM tally_point p
WHERE p.figure = '{STANDING}' AND {{edge}} AND {{region}}
GROUP BY 1, 2
"""  # noqa: S608 - a constant figure
_DAY_EDGE = "p.day >= :first AND p.day <= :day AND p.known_us <= :known"
_KNOWN_EDGE = "p.known_us >= :known_first AND p.known_us <= :known AND p.day < :first"
_RECORDED = "p.known_us >= :known_first AND p.known_us <= :known AND p.day <= :day"
"""The points recorded in `known_at`'s month (by it), dated by `as_of`."""
_EVERY = "p.day <= :day AND p.known_us <= :known"
"""Every point that counts (a region whose sums by dimension are not kept)."""
_LATER = "~"
"""A month later than any ("~" sorts after the digits)."""

Sums = dict[tuple[str, str, str, str], list[int]]
"""(type, figure, dimension, value) -> (organisations, women, executive members, covered)"""


def kept(region: str | None) -> bool:
    """Whether the sums by dimension are kept for `region` (the country, a province)."""
    return region is None or region.count("/") + 1 <= DIM_DEPTH


def answers(statuses: frozenset[str] | None) -> bool:
    """Whether the tallies answer a count: of every standing organisation (not only the open or the
    dormant), in any region (the sums where they are kept, else the region's points). The status is
    the caller's (`quieted`)."""
    return statuses is None


def count(
    conn: sqlite3.Connection,
    clocks: Clocks,
    *,
    region: str | None,
    groups: Mapping[str, frozenset[str]],
    dimensions: Iterable[str],
    region_depth: int | None,
) -> dict[str, Any]:
    """The figures of `counts.count` for the federations and micro-homes, the ended and the ever
    founded, when `answers` says the tallies can give them."""
    dims = set(dimensions)
    scope_depth = region.count("/") + 1 if region else 0
    shallow = max(scope_depth, 1)
    deep = 10**6 if region_depth is None else scope_depth + region_depth
    params: dict[str, Any] = _bounds(clocks) | {"node": region or "", "shallow": shallow, "deep": deep}
    sums = _sums(conn, clocks, region, params)
    regions: dict[tuple[str, str], int] = {}
    point_where, point_params = within("p.region", region)
    if kept(region):
        where, region_params = within("node", region)
        if "region" in dims:
            for path, org_type, n in conn.execute(_REGIONS.format(region=where), params | region_params):
                regions[(org_type, path)] = n
        region_points = [(edge, point_where) for edge in _edges(clocks)]
    else:
        region_points = [(_EVERY, part) for part in within_parts("p.region", region)[0]]
    for edge, part in region_points if "region" in dims else ():
        for org_type, org_region, n in conn.execute(
            _EDGE_REGIONS.format(edge=edge, region=part), params | point_params
        ):
            for path in paths(org_region)[shallow - 1 : deep]:
                regions[(org_type, path)] = regions.get((org_type, path), 0) + n
    federations = _figures(FEDERATION, dims, groups, sums, regions)
    women, executives, covered = sums.get((FEDERATION, STANDING, TOTAL, ""), [0, 0, 0, 0])[1:]
    federations.update(organisations_covered=covered, executive_members=executives, women_members=women)
    homes = _figures(MICRO_HOME, dims - {"domain", "sector", "kind", "level", "group"}, {}, sums, regions)
    homes["members"] = sums.get((MICRO_HOME, STANDING, TOTAL, ""), [0, 0])[1]
    return {
        "federations": federations,
        "micro_homes": homes,
        "ended": {name: _total(sums, org_type, "ended") for name, org_type in _NAMES},
        "ever_founded": {name: _total(sums, org_type, "ever") for name, org_type in _NAMES},
    }


def _edges(clocks: Clocks) -> list[str]:
    """The points the sums by month leave out (see the module's docstring)."""
    return [edge for edge, clock in ((_DAY_EDGE, clocks.as_of), (_KNOWN_EDGE, clocks.known_at)) if clock is not None]


def _sums(
    conn: sqlite3.Connection,
    clocks: Clocks,
    region: str | None,
    params: dict[str, Any],
    only: str = "1",
    coded: str = STANDING,
) -> Sums:
    """The sums of the points that count on `clocks` in `region` (those `only` keeps, SQL on a
    sum's or a point's columns): the kept sums and the points they leave out, or the region's
    points themselves (a city's, a county's or a town's, read by region: itself, then below it).
    Of the points, only the `coded` figure's are summed by dimension."""
    sums: Sums = {}
    point_where, point_params = within("p.region", region)
    if kept(region):
        for org_type, figure, dim, value, *figures in conn.execute(
            (_SUMS if region else _NATIONAL_SUMS).format(only=only), params
        ):
            sums[(org_type, figure, dim, value)] = figures
        points = [(edge, point_where) for edge in _edges(clocks)]  # the points' own region: read by date first
        if region is None:  # the country's days are summed too: only the points recorded in the month
            points = [(_RECORDED, point_where)] if clocks.known_at is not None else []
    else:
        points = [(_EVERY, part) for part in within_parts("p.region", region)[0]]
    for (edge, part), sql in itertools.product(points, _EDGE_SUMS):
        rows = conn.execute(sql.format(edge=edge, region=part, only=only), params | point_params | {"coded": coded})
        _add_points(sums, rows)
    return sums


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
            sums = _sums(conn, on_day, region, _bounds(on_day) | {"node": region or ""}, _FEDERATIONS_EVER, EVER)
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
    ended = conn.execute(_ENDED_AMONG.format(region=where), _bounds(clocks) | window | more).fetchone()[0]
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


_NAMES = (("federations", FEDERATION), ("micro_homes", MICRO_HOME))
_ORDER = ("domain", "sector", "kind", "level", "region", "setting", "group")


def _bounds(clocks: Clocks) -> dict[str, Any]:
    """Which sums and which points a report on `clocks` reads (see the module's docstring). On the
    last day of a month (a quarter's end, a year's), the month's sums are read whole: no point of it
    one by one."""
    month = month_of(clocks.day)
    if clocks.as_of is not None and clocks.as_of < date.max and (clocks.as_of + timedelta(days=1)).day == 1:
        month = month_of((clocks.as_of + timedelta(days=1)).isoformat())
    bounds: dict[str, Any] = {"day": clocks.day, "first": month + "-01", "month": month, "known": clocks.known_us}
    if clocks.known_at is not None:
        known = known_month(clocks.known_us)
        start = datetime.strptime(known + "-01", "%Y-%m-%d").replace(tzinfo=UTC)
        chosen = {"coarse": BOTH, "fine": BOTH_FINE, "region_coarse": BOTH, "dated": BOTH}
        return bounds | chosen | {"known_month": known, "known_first": to_us(start)}
    coarse = DAY if clocks.as_of is not None else NOW  # every month's sums in one row
    by_month = {"dated": DAY, "known_month": _LATER}  # the sums by month (`dated_totals`, `first_year`)
    return bounds | {"coarse": coarse, "fine": DAY_FINE, "region_coarse": coarse} | by_month


def _add_points(sums: Sums, rows: Iterable[Sequence[Any]]) -> None:
    """Adds rows of `_EDGE_SUMS` to `sums`."""
    for figure, org_type, *values, n, women, executives, covered in rows:
        codes = codes_of(org_type, values) if any(value is not None for value in values) else ()
        for dim, value in keys_of(figure, codes):
            key = (org_type, figure.partition(":")[0], dim, value)
            figures = (n, women, executives, covered)
            sums[key] = [a + b for a, b in zip(sums.get(key, (0, 0, 0, 0)), figures, strict=True)]


def _total(sums: Sums, org_type: str, figure: str) -> int:
    return sums.get((org_type, figure, TOTAL, ""), [0])[0]


def _figures(
    org_type: str,
    dims: set[str],
    groups: Mapping[str, frozenset[str]],
    sums: Sums,
    regions: Mapping[tuple[str, str], int],
) -> dict[str, Any]:
    """One type's figures in the shape of the scan's (`counts._Tally.result`)."""
    by: dict[str, dict[str, int]] = {}
    for (kind, figure, dim, value), (n, *_) in sums.items():
        if kind == org_type and n and figure in (STANDING, RECOGNISED_FIGURE) and dim != TOTAL:
            by.setdefault(RECOGNISED_FIGURE if figure == RECOGNISED_FIGURE else dim, {})[value] = n
    out: dict[str, Any] = {"total": _total(sums, org_type, STANDING)}
    for dim in _ORDER:
        if dim not in dims:
            continue
        if dim == "group":
            domains = by.get("domain", {})
            out["by_group"] = {
                name: sum(n for code, n in domains.items() if code in members) for name, members in groups.items()
            }
        elif dim == "region":
            found = {path: n for (kind, path), n in regions.items() if kind == org_type and n}
            out["by_region"] = dict(sorted(found.items()))
        else:
            out[f"by_{dim}"] = dict(sorted(by.get(dim, {}).items()))
    out["recognised"] = dict(sorted(by.get(RECOGNISED_FIGURE, {}).items()))
    return out


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
SELECT p.day, p.org_type, p.figure, sum(p.sign) FROM tally_point p
WHERE {{edge}} AND p.figure IN ('{EVER}', '{ENDED_FIGURE}') AND {{region}}
GROUP BY 1, 2, 3
"""  # noqa: S608 - constant figures
_FIRST_MONTH = f"""
SELECT min(day_m) FROM tally
WHERE marginal = :dated AND node = :node AND figure = '{EVER}' AND dim = '{TOTAL}' AND known_m < :known_month
"""  # noqa: S608 - constant figures
_FIRST_RECORDED = f"""
SELECT min(p.day) FROM tally_point p
WHERE p.figure = '{EVER}' AND p.known_us >= :known_first AND p.known_us <= :known AND {{region}}
"""  # noqa: S608 - a constant figure


def dated_totals(conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> list[tuple[str, str, str, int]]:
    """(day, type, `ever` or `ended`, organisations) whose sum over the days up to any date by
    `as_of` is that date's `ever_founded` and `ended` as known at `known_at`; a month's sum is
    dated on its first day."""
    params: dict[str, Any] = _bounds(clocks) | {"node": region or ""}
    where, more = within("p.region", region)
    if not kept(region):  # a city's, a county's or a town's points, read by region: itself, then below
        return [
            row
            for part in within_parts("p.region", region)[0]
            for row in conn.execute(_DATED_POINTS.format(edge=_EVERY, region=part), params | more)
        ]
    rows = list(conn.execute(_DATED_MONTHS, params))
    edges = []
    if region is None:
        rows += conn.execute(_DATED_DAYS, params)
        if clocks.known_at is not None:
            edges.append(_RECORDED)
    else:
        if clocks.as_of is not None:
            edges.append(_DAY_EDGE)
        if clocks.known_at is not None:
            edges.append(_KNOWN_EDGE)
    for edge in edges:
        rows += conn.execute(_DATED_POINTS.format(edge=edge, region=where), params | more)
    return rows


def first_year(conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> int | None:
    """The year of the first founding in `region` recorded by `known_at`; None before any."""
    params: dict[str, Any] = _bounds(Clocks(known_at=clocks.known_at)) | {"node": region or ""}
    where, more = within("p.region", region)
    if not kept(region):
        params["known_first"] = 0  # every point recorded by `known_at`
        return _year(conn.execute(_FIRST_RECORDED.format(region=where), params | more).fetchone()[0])
    firsts = [conn.execute(_FIRST_MONTH, params).fetchone()[0]]
    if clocks.known_at is not None:
        firsts.append(conn.execute(_FIRST_RECORDED.format(region=where), params | more).fetchone()[0])
    found = [first for first in firsts if first is not None]
    return _year(min(found) if found else None)


def _year(day: str | None) -> int | None:
    return int(day[:4]) if day is not None else None
