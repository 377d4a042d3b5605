"""Questions the members read model answers, on both clocks: how many members serve by role, level,
region and community role; the "one member, one deed" projects by service area, region and status;
and the chairs' contact directory of a region (rows with the sealed personal data, which the route
opens only for readers allowed to see it)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.members import tally
from niangjia_projections.models.members.schema import LATEST_ROLE as _LATEST_ROLE
from niangjia_projections.models.members.schema import SERVING as _SERVING


def _params(clocks: Clocks) -> dict[str, Any]:
    return {"day": clocks.day, "known": clocks.known_us}


def _serving(conn: sqlite3.Connection, region: str | None, clocks: Clocks) -> list[sqlite3.Row]:
    where, params = within("m.region", region)
    sql = f"""
        SELECT m.member_id, m.federation_id, m.region, m.level, m.sealed,
               (m.erased_on IS NOT NULL AND m.erased_us <= :known) AS erased, r.role, r.community_roles
        FROM member m LEFT JOIN member_role r ON r.member_id = m.member_id AND {_LATEST_ROLE}
        WHERE {_SERVING} AND {where}
        ORDER BY m.region, m.member_id
    """  # noqa: S608 - the parts are this module's constants and `within`'s named parameters
    conn.row_factory = sqlite3.Row
    return list(conn.execute(sql, {**_params(clocks), **params}))


_COUNTED = f"""
    SELECT m.level, {{shown}}, r.role, r.community_roles, count(*)
    FROM member m JOIN member_role r ON r.member_id = m.member_id AND {_LATEST_ROLE}
    WHERE {_SERVING} AND {{region}}
    GROUP BY 1, 2, 3, 4
"""  # noqa: S608 - the parts are this module's constants and `within`'s named parameters
"""Members serving with a role, by level, region (as `_shown` cuts it), role and community roles."""
_BELOW = "substr(m.region, :skip)"
"""The part of a member's region path below the report's region."""


def _shown(region: str | None, region_depth: int | None) -> tuple[str, dict[str, Any]]:
    """The region a member is counted under in `by_region`, in SQL: her own, or cut to the report's
    region (`region_depth` 0) or one level below it (1), so that the rows are grouped by that."""
    if region_depth == 0:
        return ":whole", {"whole": region or ""}
    if region_depth != 1:
        return "m.region", {}
    if region is None:
        return "substr(m.region, 1, instr(m.region || '/', '/') - 1)", {}
    child = f"substr({_BELOW}, 1, instr({_BELOW} || '/', '/') - 1)"
    return f"CASE WHEN m.region = :region THEN :region ELSE :region || '/' || {child} END", {"skip": len(region) + 2}


def members_report(
    conn: sqlite3.Connection, region: str | None, clocks: Clocks, *, region_depth: int | None = None
) -> dict[str, Any]:
    """Members serving on `clocks.as_of` (as known at `clocks.known_at`), counted four ways;
    `by_region` each member under her federation's region, cut `region_depth` levels below `region`
    (not cut when None). Today's (no clocks) from the tally when it answers the cut."""
    found = tally.today(conn, region, region_depth) if clocks.as_of is None and clocks.known_at is None else None
    if found is not None:
        return {**found, "projects": projects_report(conn, region, clocks)}
    where, params = within("m.region", region)
    shown, cut_params = _shown(region, region_depth)
    params.update(cut_params)
    # cut in SQL one level below the region at most; deeper, cut here
    cut = None if region_depth in (None, 0, 1) else (region.count("/") + 1 if region else 0) + region_depth
    rows = conn.execute(_COUNTED.format(region=where, shown=shown), {**_params(clocks), **params})
    counted = ((level, r if cut is None else "/".join(r.split("/")[:cut]), *rest) for level, r, *rest in rows)
    return {**tally.four_ways(counted), "projects": projects_report(conn, region, clocks)}


def projects_report(conn: sqlite3.Connection, region: str | None, clocks: Clocks) -> dict[str, Any]:
    """Projects pledged by `clocks.as_of`, by service area and status (completed by then, or pledged)."""
    where, params = within("region", region)
    sql = f"""
        SELECT service_area,
               CASE WHEN completed_on IS NOT NULL AND completed_on <= :day AND completed_us <= :known
                    THEN 'completed' ELSE 'pledged' END AS status,
               COUNT(*)
        FROM project WHERE pledged_on <= :day AND pledged_us <= :known AND {where}
        GROUP BY service_area, status ORDER BY service_area, status
    """  # noqa: S608 - as above
    by_area: dict[str, dict[str, int]] = {}
    for area, status, count in conn.execute(sql, {**_params(clocks), **params}):
        by_area.setdefault(area, {"pledged": 0, "completed": 0})[status] = count
    total = sum(sum(v.values()) for v in by_area.values())
    completed = sum(v["completed"] for v in by_area.values())
    return {"projects": total, "completed": completed, "service_areas": len(by_area), "by_service_area": by_area}


@dataclass(frozen=True, slots=True)
class Entry:
    """A row of the chairs' directory: the member's pseudonym and place, and her sealed data."""

    member_id: str
    federation_id: str
    region: str
    level: str
    role: str
    sealed: str | None
    erased: bool


def chairs(conn: sqlite3.Connection, region: str | None, clocks: Clocks) -> list[Entry]:
    """The chairs serving on `clocks.as_of` in `region`, region by region."""
    return [
        Entry(r["member_id"], r["federation_id"], r["region"], r["level"], r["role"], r["sealed"], bool(r["erased"]))
        for r in _serving(conn, region, clocks)
        if r["role"] == "chair"
    ]
