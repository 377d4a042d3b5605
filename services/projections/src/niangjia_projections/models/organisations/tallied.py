"""Counts read from the tallies (see `tally`): the sums of the months before the report's own are
read as they are kept; the points of its own month (of `as_of`, and of `known_at`) one by one, so
the edges are exact.

A point (day, known) counts when `day <= as_of` and `known <= known_at`. Those of a month before
`as_of`'s recorded in a month before `known_at`'s are in the sums; the others that count are those
dated in `as_of`'s month (`_DAY_EDGE`) and those dated before it recorded in `known_at`'s month
(`_KNOWN_EDGE`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from niangjia_kit.projection import to_us

from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.organisations.schema import FEDERATION, MICRO_HOME
from niangjia_projections.models.organisations.tally import (
    BOTH,
    DAY,
    DIM_DEPTH,
    NOW,
    ORGANISATION_COLUMNS,
    RECOGNISED_FIGURE,
    STANDING,
    TOTAL,
    Organisation,
    known_month,
    month_of,
)

_SUMS = """
SELECT org_type, figure, dim, value, sum(n), sum(women), sum(executives), sum(covered) FROM tally
WHERE marginal = :marginal AND node = :node AND day_m < :month AND known_m < :known_month
GROUP BY org_type, figure, dim, value
"""
_REGIONS = """
SELECT node, org_type, sum(n) FROM tally_region
WHERE marginal = :region_marginal AND depth BETWEEN :shallow AND :deep AND {region}
  AND day_m < :month AND known_m < :known_month
GROUP BY node, org_type
"""
_EDGE = f"""
SELECT p.figure, p.sign, {ORGANISATION_COLUMNS} FROM tally_point p JOIN org o ON o.org_id = p.org_id
WHERE {{edge}} AND {{region}}
"""  # noqa: S608 - constant columns
_DAY_EDGE = "p.day >= :first AND p.day <= :day AND p.known_us <= :known"
_KNOWN_EDGE = "p.known_us >= :known_first AND p.known_us <= :known AND p.day < :first"
_LATER = "~"
"""A month later than any ("~" sorts after the digits)."""

Sums = dict[tuple[str, str, str, str], list[int]]
"""(type, figure, dimension, value) -> (organisations, women, executive members, covered)"""


def answers(region: str | None, dimensions: Iterable[str], statuses: frozenset[str] | None) -> bool:
    """Whether the tallies answer a count: it asks nothing of dormancy, over the country or a region
    whose sums by dimension are kept."""
    depth = 0 if region is None else region.count("/") + 1
    return "status" not in dimensions and statuses is None and depth <= DIM_DEPTH


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
    node = region or ""
    scope_depth = region.count("/") + 1 if region else 0
    shallow = max(scope_depth, 1)
    deep = 10**6 if region_depth is None else scope_depth + region_depth
    params: dict[str, Any] = _bounds(clocks) | {"node": node, "shallow": shallow, "deep": deep}
    sums: Sums = {}
    for org_type, figure, dim, value, *figures in conn.execute(_SUMS, params):
        sums[(org_type, figure, dim, value)] = figures
    regions: dict[tuple[str, str], int] = {}
    where, region_params = within("node", region)
    if "region" in dims:
        for path, org_type, n in conn.execute(_REGIONS.format(region=where), params | region_params):
            regions[(org_type, path)] = n
    edges = []
    if clocks.as_of is not None:
        edges.append(_DAY_EDGE)
    if clocks.known_at is not None:
        edges.append(_KNOWN_EDGE)
    org_where, org_params = within("o.region", region)
    for edge in edges:
        for figure, sign, *columns in conn.execute(_EDGE.format(edge=edge, region=org_where), params | org_params):
            org = Organisation.of(columns)
            weights = (sign, *(sign * weight for weight in org.weights))
            for _, dim, value in org.keys(figure, (node,)):
                key = (org.org_type, figure.partition(":")[0], dim, value)
                sums[key] = [a + b for a, b in zip(sums.get(key, (0, 0, 0, 0)), weights, strict=True)]
            if figure == STANDING and "region" in dims:
                for depth, path in org.region_nodes():
                    if shallow <= depth <= deep:
                        regions[(org.org_type, path)] = regions.get((org.org_type, path), 0) + sign
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


_NAMES = (("federations", FEDERATION), ("micro_homes", MICRO_HOME))
_ORDER = ("domain", "sector", "kind", "level", "region", "setting", "group")


def _bounds(clocks: Clocks) -> dict[str, Any]:
    """Which sums and which points a report on `clocks` reads (see the module's docstring)."""
    month = month_of(clocks.day)
    bounds: dict[str, Any] = {"day": clocks.day, "first": month + "-01", "month": month, "known": clocks.known_us}
    if clocks.known_at is not None:
        known = known_month(clocks.known_us)
        start = datetime.strptime(known + "-01", "%Y-%m-%d").replace(tzinfo=UTC)
        return bounds | {"marginal": BOTH, "region_marginal": BOTH, "known_month": known, "known_first": to_us(start)}
    region_marginal = DAY if clocks.as_of is not None else NOW
    return bounds | {"marginal": DAY, "region_marginal": region_marginal, "known_month": _LATER}


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
