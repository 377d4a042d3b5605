"""The milestones the federations' reports publish, from the organisations read model, on both clocks:
chambers of commerce by origin, federations founded within a window, first leaderships elected
within a period, and the first federation of each domain and kind within a region.

Every answer is over federations recorded by `known_at`; `as_of` is the business date the report
stands on: nothing founded or elected after it counts, and a window reaching past it ends there.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from typing import Any

from niangjia_contracts import ChamberOrigin, Domain, FederationKind
from niangjia_contracts.regions import county_code

from niangjia_projections.models.common import Clocks, within, within_parts
from niangjia_projections.models.organisations import tallied, windowed
from niangjia_projections.models.organisations.region_size import holds_fewer
from niangjia_projections.models.organisations.schema import FEDERATION
from niangjia_projections.models.organisations.tally import STANDING

_DOMAINS = {domain.value: n for n, domain in enumerate(Domain)}
_KINDS = {kind.value: n for n, kind in enumerate(FederationKind)}
"""The glossary's order, in which the firsts are listed."""
NOT_RECORDED = "not_recorded"
"""A chamber founded before its origin was recorded (or recorded without it)."""

_ENDED = """EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'ended'
                AND c.on_date <= :day AND c.known_us <= :known)"""

_FEDERATIONS = """
SELECT o.org_id, o.name, o.kind, o.domain, o.sector, o.level, o.region, o.opened_on, o.chamber_origin,
       o.leadership_elected_on
FROM org o{indexed}
WHERE o.org_type = 'federation' AND o.known_us <= :known AND {region} AND {only}
ORDER BY {order}
LIMIT :limit
"""


def _rows(
    conn: sqlite3.Connection,
    clocks: Clocks,
    region: str | None,
    only: str,
    *,
    order: str,
    limit: int,
    indexed: str,
    **params: Any,
) -> list[sqlite3.Row]:
    where, region_params = within("o.region", region)
    conn.row_factory = sqlite3.Row
    sql = _FEDERATIONS.format(region=where, only=only, order=order, indexed=indexed)
    args = {"day": clocks.day, "known": clocks.known_us, "limit": limit, **region_params, **params}
    return list(conn.execute(sql, args))


def _head(clocks: Clocks, region: str | None) -> dict[str, Any]:
    return {**clocks.as_dict(), "region": region, "region_code": county_code(region) if region else None}


def _item(row: sqlite3.Row, *fields: str) -> dict[str, Any]:
    item = {
        "federation_id": row["org_id"],
        "name": row["name"],
        "region": row["region"],
        "region_code": county_code(row["region"]),
        "founded_on": row["opened_on"],
    }
    for field in fields:
        item[field] = row[field]
    return item


_CHAMBERS = f"o.domain = 'chamber_of_commerce' AND o.opened_on <= :day AND NOT {_ENDED}"
_CHAMBERS_BY_ORIGIN = f"""
SELECT o.chamber_origin, count(*) FROM org o INDEXED BY org_chamber_region
WHERE o.org_type = 'federation' AND o.known_us <= :known AND {{region}} AND {_CHAMBERS}
GROUP BY 1
"""  # noqa: S608 - the clauses are this module's constants and `within_parts`'s placeholders


def chambers(conn: sqlite3.Connection, clocks: Clocks, region: str | None, *, limit: int) -> dict[str, Any]:
    """The chambers of commerce's federations standing on `as_of`, by the chamber's origin (the
    country's from the tallies, a region's from the chambers' index by region); the first
    `limit` of them in the order they were founded (the country's walked in that order, a region's
    read by region and put in order)."""
    by_origin = _chambers_from_tallies(conn, clocks) if region is None else _chambers_by_region(conn, clocks, region)
    indexed = " INDEXED BY " + ("org_chamber" if region is None else "org_chamber_region")
    order = "o.opened_on, o.position"
    rows = _rows(conn, clocks, region, _CHAMBERS, order=order, limit=limit, indexed=indexed) if limit else []
    return {
        **_head(clocks, region),
        "set": "standing",
        "total": sum(by_origin.values()),
        "by_origin": {origin: by_origin[origin] for origin in (*ChamberOrigin, NOT_RECORDED)},
        "items": [_item(row, "chamber_origin") for row in rows],
    }


def _chambers_by_region(conn: sqlite3.Connection, clocks: Clocks, region: str) -> Counter[str]:
    """The standing chambers' federations by origin, read by region from their own index."""
    parts, region_params = within_parts("o.region", region)
    params = {"day": clocks.day, "known": clocks.known_us, **region_params}
    by_origin: Counter[str] = Counter()
    for part in parts:  # the region itself and what lies below it, each an index range
        for origin, n in conn.execute(_CHAMBERS_BY_ORIGIN.format(region=part), params):
            by_origin[origin or NOT_RECORDED] += n
    return by_origin


def _chambers_from_tallies(conn: sqlite3.Connection, clocks: Clocks) -> Counter[str]:
    """The country's standing chambers' federations by origin, summed from the tallies, which count
    a chamber's federation by its origin (`none`: not recorded). A region's read fewer rows from
    the chambers' own index than its sums."""
    params = tallied.bounds(clocks) | {"node": ""}
    sums = tallied.read_sums(conn, clocks, None, params, only=f"org_type = '{FEDERATION}' AND figure = '{STANDING}'")
    by_origin: Counter[str] = Counter()
    for (_, _, dim, value), (n, *_) in sums.items():
        if dim == "chamber_origin" and n:
            by_origin[NOT_RECORDED if value == "none" else value] += n
    return by_origin


def _window(clocks: Clocks, start: date, end: date) -> tuple[str, str]:
    """The window's days as asked, ending at `as_of` when it reaches past it."""
    return start.isoformat(), min(end.isoformat(), clocks.day)


_FOUNDED = f"""
SELECT o.domain, o.sector, o.kind, o.level, substr(o.opened_on, 1, 4) AS year, {_ENDED} AS ended, count(*) AS n
FROM org o
WHERE o.org_type = 'federation' AND o.known_us <= :known AND {{region}}
  AND o.opened_on BETWEEN :first AND :last
GROUP BY 1, 2, 3, 4, 5, 6
"""  # noqa: S608 - the clauses are this module's constants and `within`'s placeholders


def founded(
    conn: sqlite3.Connection, clocks: Clocks, region: str | None, start: date, end: date, *, from_tallies: bool = True
) -> dict[str, Any]:
    """The federations founded from `start` to `end` (both included), whatever became of them since,
    with those still standing on `as_of`: from the tallies (`windowed.founded`) unless `from_tallies`
    is False, else reading each federation founded in the window."""
    first, last = _window(clocks, start, end)
    head = {**_head(clocks, region), "founded_from": first, "founded_to": last}
    if from_tallies:
        window = (date.fromisoformat(first), date.fromisoformat(last))
        summed: dict[str, dict[str, int]] = {name: {} for name in (*windowed.FOUNDED_DIMS, "year")}
        standing = 0
        if window[0] <= window[1]:  # else the window begins after as_of
            summed, standing = windowed.founded(conn, clocks, region, *window)
        total = sum(summed["year"].values())
        return {**head, "total": total, "standing": standing, **{f"by_{name}": n for name, n in summed.items()}}
    where, region_params = within("o.region", region)
    params = {"day": clocks.day, "known": clocks.known_us, "first": first, "last": last, **region_params}
    groups = conn.execute(_FOUNDED.format(region=where), params).fetchall()
    by: dict[str, Counter[str]] = {name: Counter() for name in ("domain", "sector", "kind", "level", "year")}
    standing = 0
    for domain, sector, kind, level, year, ended, n in groups:
        for name, value in zip(by, (domain, sector, kind, level, year), strict=True):
            by[name][value or "none"] += n
        standing += 0 if ended else n
    return {
        **head,
        "total": sum(by["year"].values()),
        "standing": standing,
        **{f"by_{name}": dict(sorted(counter.items())) for name, counter in by.items()},
    }


_ELECTED = """
SELECT o.domain, substr(o.leadership_elected_on, 1, 7), count(*) FROM org o INDEXED BY {index}
WHERE o.leadership_elected_on BETWEEN :first AND :last AND o.org_type = 'federation' AND o.known_us <= :known
  AND {region}
GROUP BY 1, 2
"""


ELECTED_BY_REGION_BELOW = 1000
"""A region of fewer organisations has its elected read by region; a larger one, from the country's
elected in the window. At 10M events a year's took 4.4 ms for the smallest county either way it was
read from the country's (0.3 ms by region), and 5 ms for a town of 2,354 (7.5 ms by region)."""


def elections(
    conn: sqlite3.Connection,
    clocks: Clocks,
    region: str | None,
    start: date,
    end: date,
    *,
    limit: int,
    by_region_below: int = ELECTED_BY_REGION_BELOW,
) -> dict[str, Any]:
    """The federations whose first leadership was elected from `start` to `end` (both included):
    counted from the index of those elected, which lists the first `limit` in order (a small
    region's, from its own)."""
    first, last = _window(clocks, start, end)
    where, region_params = within("o.region", region)
    params = {"known": clocks.known_us, "first": first, "last": last, **region_params}
    index = "org_region" if holds_fewer(conn, region, by_region_below) else "org_elected"
    by_domain: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    for domain, month, n in conn.execute(_ELECTED.format(region=where, index=index), params):
        by_domain[domain or "none"] += n
        by_month[month] += n
    within_period = "o.leadership_elected_on BETWEEN :first AND :last"
    order = "o.leadership_elected_on, o.opened_on, o.position"
    elected = f" INDEXED BY {index}"  # the country's walked in the order listed, to the first `limit`
    rows = _rows(conn, clocks, region, within_period, order=order, limit=limit, indexed=elected, first=first, last=last)
    return {
        **_head(clocks, region),
        "elected_from": first,
        "elected_to": last,
        "total": by_month.total(),
        "by_domain": dict(sorted(by_domain.items())),
        "by_month": dict(sorted(by_month.items())),
        "items": [_item(row, "domain", "kind", "leadership_elected_on") for row in rows],
    }


_FIRST = f"""
SELECT o.org_id, o.name, o.kind, o.domain, o.level, o.region, o.opened_on, {_ENDED} AS ended
FROM org o INDEXED BY org_first
WHERE o.org_type = 'federation' AND o.domain = :domain AND o.kind = :kind AND o.opened_on <= :day
  AND o.known_us <= :known AND {{region}}
ORDER BY o.opened_on, o.position
LIMIT 1
"""  # noqa: S608 - the clauses are this module's constants and `within`'s placeholders
"""The first of one domain and kind: the index walked in founding order to the first that counts."""


_FIRST_IN_REGION = f"""
SELECT org_id, name, kind, domain, level, region, opened_on, {_ENDED} AS ended FROM (
    SELECT o.org_id, o.name, o.kind, o.domain, o.level, o.region, o.opened_on,
           row_number() OVER (PARTITION BY o.domain, o.kind ORDER BY o.opened_on, o.position) AS nth
    FROM org o INDEXED BY org_region
    WHERE o.org_type = 'federation' AND o.opened_on <= :day AND o.known_us <= :known AND {{region}}
      AND (:domain IS NULL OR o.domain = :domain) AND (:kind IS NULL OR o.kind = :kind)
) o
WHERE nth = 1
"""  # noqa: S608 - the clauses are this module's constants and `within`'s placeholders
"""The first of each domain and kind among a region's own federations, read by region."""
WALK_FROM = 3000
"""A region of fewer organisations has its federations read by region; a larger one, each domain and
kind's in founding order until the first inside it. The walk's length grows with how few of the
country's federations the region holds: at ten million events the first of each pair took 0.5 s
walked for a county of 63 organisations (1 ms read by region) and 6 ms for one of 12,455 (58 ms read
by region, a row at a time from the table)."""


def firsts(
    conn: sqlite3.Connection,
    clocks: Clocks,
    region: str | None,
    *,
    domain: str | None,
    kind: str | None,
    walk_from: int = WALK_FROM,
) -> dict[str, Any]:
    """The earliest federation founded (on or before `as_of`) of each domain and kind within the
    region, whether or not it stands today; ties on the day go to the one recorded first."""
    where, region_params = within("o.region", region)
    conn.row_factory = sqlite3.Row
    params = {"day": clocks.day, "known": clocks.known_us, "domain": domain, "kind": kind} | region_params
    if holds_fewer(conn, region, walk_from):
        found = conn.execute(_FIRST_IN_REGION.format(region=where), params).fetchall()
        rows = sorted(
            (row for row in found if row["domain"] in _DOMAINS and row["kind"] in _KINDS),
            key=lambda row: (_DOMAINS[row["domain"]], _KINDS[row["kind"]]),  # the glossary's order
        )
    else:
        rows = []
        sql = _FIRST.format(region=where)
        for each_domain in _DOMAINS if domain is None else [domain]:  # in the glossary's order
            for each_kind in _KINDS if kind is None else [kind]:
                rows += conn.execute(sql, params | {"domain": each_domain, "kind": each_kind}).fetchall()
    items = [{**_item(row, "domain", "kind", "level"), "standing": not row["ended"]} for row in rows]
    return {**_head(clocks, region), "domain": domain, "kind": kind, "total": len(items), "items": items}
