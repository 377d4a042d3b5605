"""Counts read from the tallies (see `tally`), exact on both clocks.

A point (day, known) counts when `day <= as_of` and `known <= known_at`. The sums of the months
before `as_of`'s recorded in months before `known_at`'s are kept (`_MONTHS`, `_REGIONS`); the other
points that count are those dated in `as_of`'s month (`DAY_EDGE`) and those dated before it
recorded in `known_at`'s month (`KNOWN_EDGE`), read from the points themselves. The country's
figures by dimension read the days of `as_of`'s month from sums by day too (`_NATIONAL_SUMS`), and
only the points recorded in `known_at`'s month one by one (`RECORDED`).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from niangjia_contracts.types import REGION_DEPTH_MAX
from niangjia_kit.projection import to_us

from niangjia_projections.models.common import Clocks, within, within_bounded, within_parts
from niangjia_projections.models.organisations.schema import FEDERATION, MICRO_HOME
from niangjia_projections.models.organisations.tally import (
    BOTH,
    BOTH_FINE,
    DAY,
    DAY_FINE,
    DIM_DEPTH,
    NOW,
    NOW_DEPTH,
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
_REGIONS = f"""
SELECT node, sum(n) FILTER (WHERE org_type = '{FEDERATION}'), sum(n) FILTER (WHERE org_type = '{MICRO_HOME}')
FROM tally_region
WHERE marginal = :region_coarse AND depth IN ({{depths}}) AND {{region}}
  AND day_m < :month AND known_m < :known_month
GROUP BY depth, node
"""  # noqa: S608 - constant types
"""The standing totals by region: each depth's nodes read by their range (`depth IN`: one index range
a depth, where a range of depths would read every node of those depths in the country), each node's
rows summed as they come in the key's order (grouped by type as well, they were sorted first: at a
million events, 110 ms for the country's every node on both clocks, against 59 ms)."""
_EDGE_SUMS = (
    """
    SELECT p.figure, p.org_type, p.domain, p.sector, p.kind, p.level, p.setting, p.chamber_origin, sum(p.sign),
           sum(p.sign * p.women), sum(p.sign * p.executives), sum(p.sign * p.covered)
    FROM tally_point p
    WHERE p.figure = :coded AND {edge} AND {region} AND {only}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    """,
    """
    SELECT p.figure, p.org_type, NULL, NULL, NULL, NULL, NULL, NULL, sum(p.sign), 0, 0, 0
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
DAY_EDGE = "p.day >= :first AND p.day <= :day AND p.known_us <= :known"
KNOWN_EDGE = "p.known_us >= :known_first AND p.known_us <= :known AND p.day < :first"
RECORDED = "p.known_us >= :known_first AND p.known_us <= :known AND p.day <= :day"
"""The points recorded in `known_at`'s month (by it), dated by `as_of`."""
EVERY = "p.day <= :day AND p.known_us <= :known"
"""Every point that counts (a region whose sums by dimension are not kept)."""
_LATER = "~"
"""A month later than any ("~" sorts after the digits)."""

Sums = dict[tuple[str, str, str, str], list[int]]
"""(type, figure, dimension, value) -> (organisations, women, executive members, covered)"""


def kept(region: str | None, clocks: Clocks | None = None) -> bool:
    """Whether the sums by dimension are kept for `region`: the country's and a province's on any
    clocks; with neither clock (`clocks` empty: every point counts), a city's and a county's too."""
    depth = region.count("/") + 1 if region else 0
    if clocks is not None and clocks.as_of is None and clocks.known_at is None:
        return depth <= NOW_DEPTH
    return depth <= DIM_DEPTH


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
    params: dict[str, Any] = bounds(clocks) | {"node": region or "", "shallow": shallow, "deep": deep}
    sums = read_sums(conn, clocks, region, params)
    regions: dict[tuple[str, str], int] = {}
    point_where, point_params = within("p.region", region)
    if kept(region, clocks):
        where, region_params = within_bounded("node", region)
        if "region" in dims:
            depths = ", ".join(str(depth) for depth in range(shallow, min(deep, REGION_DEPTH_MAX) + 1))
            sql = _REGIONS.format(region=where, depths=depths)
            for path, federations, homes in conn.execute(sql, params | region_params):
                for org_type, n in ((FEDERATION, federations), (MICRO_HOME, homes)):
                    if n is not None:
                        regions[(org_type, path)] = n
        region_points = [(edge, point_where) for edge in _edges(clocks)]
    else:
        region_points = [(EVERY, part) for part in within_parts("p.region", region)[0]]
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
    return [edge for edge, clock in ((DAY_EDGE, clocks.as_of), (KNOWN_EDGE, clocks.known_at)) if clock is not None]


def read_sums(
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
    if kept(region, clocks):
        for org_type, figure, dim, value, *figures in conn.execute(
            (_SUMS if region else _NATIONAL_SUMS).format(only=only), params
        ):
            sums[(org_type, figure, dim, value)] = figures
        points = [(edge, point_where) for edge in _edges(clocks)]  # the points' own region: read by date first
        if region is None:  # the country's days are summed too: only the points recorded in the month
            points = [(RECORDED, point_where)] if clocks.known_at is not None else []
    else:
        points = [(EVERY, part) for part in within_parts("p.region", region)[0]]
    for (edge, part), sql in itertools.product(points, _EDGE_SUMS):
        rows = conn.execute(sql.format(edge=edge, region=part, only=only), params | point_params | {"coded": coded})
        _add_points(sums, rows)
    return sums


_NAMES = (("federations", FEDERATION), ("micro_homes", MICRO_HOME))
_ORDER = ("domain", "sector", "kind", "level", "region", "setting", "group")


def bounds(clocks: Clocks) -> dict[str, Any]:
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
