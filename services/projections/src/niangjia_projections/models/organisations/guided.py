"""The "1+N" tree under a guiding federation: the federations it guides, theirs in turn, and the
micro-homes each hosts, with counts direct and over all descendants."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from niangjia_contracts import region_within
from niangjia_contracts.regions import county_code

from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations import dormancy

MAX_DEPTH = 32

_TREE = """
WITH RECURSIVE tree (org_id, depth) AS (
    SELECT :root, 0
    UNION
    SELECT o.org_id, t.depth + 1 FROM org o JOIN tree t ON o.parent_id = t.org_id
    WHERE t.depth < :max_depth AND o.opened_on <= :day AND o.known_us <= :known
)
SELECT o.org_id, o.org_type, o.name, o.kind, o.domain, o.level, o.setting, o.region, o.parent_id,
       o.opened_on, o.organisations_covered,
       EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'ended'
               AND c.on_date <= :day AND c.known_us <= :known) AS ended,{inspection},
       {last_activity}, t.depth
FROM tree t JOIN org o ON o.org_id = t.org_id
ORDER BY t.depth, o.position
""".replace("{inspection}", dormancy.INSPECTION_COLUMNS)
"""The tree's organisations, each with its last activity (`{last_activity}`, see `dormancy.last_activity`)."""


def root_region(conn: sqlite3.Connection, federation_id: str, clocks: Clocks) -> str | None:
    row = conn.execute(
        "SELECT region FROM org WHERE org_id = ? AND org_type = 'federation' AND opened_on <= ? AND known_us <= ?",
        (federation_id, clocks.day, clocks.known_us),
    ).fetchone()
    return None if row is None else str(row[0])


def not_yet_founded(federation_id: str, clocks: Clocks) -> dict[str, Any]:
    """The answer about a federation the history knows but that was not founded (or not yet
    recorded) on the clocks: said so, with nothing under it."""
    return {**clocks.as_dict(), "id": federation_id, "type": "federation", "status": "not_yet_founded"}


def guided_tree(
    conn: sqlite3.Connection,
    federation_id: str,
    clocks: Clocks,
    scope: str | None = None,
    *,
    since: date,
    depth: int | None = None,
) -> dict[str, Any] | None:
    """The tree, or None when the federation is unknown (as of and as known at the clocks); each
    node's status as `dormancy` defines it, silence counted from `since` (needs `activities`).
    With `depth`, the nodes down to that many levels below the root are listed; a federation at the
    last level lists no children but says it has some (`more`); every count stays over all its
    descendants."""
    conn.row_factory = sqlite3.Row
    params = {"root": federation_id, "max_depth": MAX_DEPTH, "day": clocks.day, "known": clocks.known_us}
    rows = list(conn.execute(_TREE.replace("{last_activity}", dormancy.last_activity(clocks)), params))
    if not rows or rows[0]["depth"] != 0 or rows[0]["org_type"] != "federation":
        return None
    nodes: dict[str, dict[str, Any]] = {}
    children: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["org_id"] in nodes:
            continue
        if row["depth"] > 0 and scope is not None and not region_within(row["region"], scope):
            continue
        nodes[row["org_id"]] = {
            "id": row["org_id"],
            "type": row["org_type"],
            "name": row["name"],
            "kind": row["kind"],
            "domain": row["domain"],
            "level": row["level"],
            "setting": row["setting"],
            "region": row["region"],
            "region_code": county_code(row["region"]),
            "opened_on": row["opened_on"],
            "status": dormancy.status(row, row["last_activity_on"], since),
        }
        if row["depth"] > 0:
            children[row["parent_id"]].append(row["org_id"])

    def build(org_id: str, level: int) -> dict[str, Any]:
        node = nodes[org_id]
        kids = [build(k, level + 1) for k in children.get(org_id, []) if k in nodes]
        direct = Counter(k["type"] for k in kids)
        every: Counter[str] = Counter(direct)
        statuses: Counter[str] = Counter(k["status"] for k in kids)
        domains: Counter[str] = Counter(k["domain"] for k in kids if k["type"] == "federation")
        for kid in kids:
            if kid["type"] == "federation":
                every["federation"] += kid["all"]["federations"]
                every["micro_home"] += kid["all"]["micro_homes"]
                statuses.update(kid["all"]["by_status"])
        if node["type"] == "federation":
            node["direct"] = {
                "federations": direct["federation"],
                "micro_homes": direct["micro_home"],
                "by_domain": dict(sorted(domains.items())),
            }
            node["all"] = {
                "federations": every["federation"],
                "micro_homes": every["micro_home"],
                "by_status": dict(sorted(statuses.items())),
            }
            listed = depth is None or level < depth
            node["children"] = kids if listed else []
            node["more"] = bool(kids) and not listed
        return node

    return {**clocks.as_dict(), **build(federation_id, 0)}
