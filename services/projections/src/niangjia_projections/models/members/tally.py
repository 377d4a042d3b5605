"""Today's members serving, tallied (`schema.MEMBER_TALLY`): a page of events moves the tally by
what it changed in the standing of the members it touched (their standing before the page, taken
away; after it, added), so today's report on any region reads the rows of its node only.

Today is the report without clocks: every fact recorded so far, whatever its date (the report's
date is the end of time), so a member serves today when she has not left, in the role of her latest
change (the later recorded of a day), as the scan of `queries` counts her then."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

from niangjia_contracts import region_ancestors

from niangjia_projections.models.common import END_OF_TIME, FOREVER_US
from niangjia_projections.models.members.schema import LATEST_ROLE, MEMBER_TALLY, SERVING

Standing = tuple[str, str, str, str]
"""(region, level, role, community roles) of a member serving today."""
Key = tuple[str, str, str, str, str]
"""(node, child, level, role, community roles)"""

_SERVING = f"""
    FROM member m JOIN member_role r ON r.member_id = m.member_id AND {LATEST_ROLE}
    WHERE {SERVING}
"""
_TODAY = {"day": END_OF_TIME, "known": FOREVER_US}
"""The clocks of today's report: every fact recorded, whatever its date."""
_STANDING = f"""
    SELECT m.member_id, m.region, m.level, r.role, r.community_roles {_SERVING}
    AND m.member_id IN (SELECT value FROM json_each(:ids))
"""  # noqa: S608 - the model's constants
_LATER = "member_tally_later"
_FILL = f"""
    INSERT INTO main.member_tally (node, child, level, role, community_roles, members)
    SELECT n.node, n.child, m.level, r.role, r.community_roles, count(*)
    {_SERVING.replace("FROM member m", "FROM member m JOIN temp.member_region_node n ON n.region = m.region")}
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
"""


class TalliedAtTheEnd:
    """The members model's `BulkLoad`: a rebuild tallies today's members once they are all loaded
    (`fill`), not page by page."""

    def start(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"CREATE TABLE temp.{_LATER} (unused INTEGER)")

    def finish(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN")
        fill(conn)
        conn.execute(f"DROP TABLE temp.{_LATER}")
        conn.execute("COMMIT")


def kept_as_it_goes(conn: sqlite3.Connection) -> bool:
    """Whether `apply` moves the tally (live), rather than a rebuild filling it at the end."""
    query = "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?"
    return conn.execute(query, (_LATER,)).fetchone() is None


def fill(conn: sqlite3.Connection) -> None:
    """Tally every member serving today into an empty tally: each region's nodes (with the part of
    the path below each) listed once, the members counted by them in one grouped statement."""
    conn.execute("CREATE TABLE temp.member_region_node (region TEXT, node TEXT, child TEXT)")
    regions = [row[0] for row in conn.execute("SELECT DISTINCT region FROM member")]
    nodes = [(region, node, child) for region in regions for node, child in _nodes(region)]
    conn.executemany("INSERT INTO temp.member_region_node (region, node, child) VALUES (?, ?, ?)", nodes)
    conn.execute("CREATE INDEX temp.member_region_node_by_region ON member_region_node (region)")
    conn.execute(_FILL, _TODAY)
    conn.execute("DROP TABLE temp.member_region_node")


def standing(conn: sqlite3.Connection, member_ids: Iterable[str]) -> dict[str, Standing]:
    """The members among `member_ids` serving today, with what they are counted by."""
    found: dict[str, Standing] = {}
    for member_id, *counted in conn.execute(_STANDING, {**_TODAY, "ids": json.dumps(list(member_ids))}):
        found[member_id] = (counted[0], counted[1], counted[2], counted[3])
    return found


def _nodes(region: str) -> list[tuple[str, str]]:
    """Each node of `region`'s path (the root "" and every prefix) with the part of the path just
    below it ("" at the region itself)."""
    parts = region.split("/")
    return [
        (node, parts[depth] if depth < len(parts) else "") for depth, node in enumerate(["", *region_ancestors(region)])
    ]


def keys(member: Standing) -> list[Key]:
    """The tally's rows a member serving today counts in: one per node of her region's path."""
    region, level, role, community_roles = member
    return [(node, child, level, role, community_roles) for node, child in _nodes(region)]


def move(conn: sqlite3.Connection, before: dict[str, Standing], after: dict[str, Standing]) -> None:
    """Add to the tally what changed between the members' standing `before` and `after` a page."""
    deltas: Counter[Key] = Counter()
    for member_id in before.keys() | after.keys():
        was, now = before.get(member_id), after.get(member_id)
        if was == now:
            continue
        if was is not None:
            deltas.subtract(keys(was))
        if now is not None:
            deltas.update(keys(now))
    rows = [(*key, n) for key, n in deltas.items() if n]
    if rows:
        conn.executemany(MEMBER_TALLY.upsert, rows)  # a row back to zero goes (its trigger)


def today(conn: sqlite3.Connection, region: str | None, region_depth: int | None) -> dict[str, Any] | None:
    """Today's members serving in `region`, counted four ways as `queries.members_report` counts
    them; None when the tally cannot answer (`by_region` cut more than one level below the region, or
    not cut: each member's own region)."""
    if region_depth not in (0, 1):
        return None
    node = region or ""
    query = "SELECT child, level, role, community_roles, members FROM member_tally WHERE node = ?"
    rows = conn.execute(query, (node,))
    return four_ways((level, node if region_depth == 0 else _at(node, child), *rest) for child, level, *rest in rows)


def _at(node: str, child: str) -> str:
    """The region one level below `node` named `child` (the node itself for "")."""
    return node if not child else f"{node}/{child}" if node else child


def four_ways(rows: Iterable[tuple[str, str, str, str | None, int]]) -> dict[str, Any]:
    """Members counted by role, level, region and community role, from rows of (level, region,
    role, community roles comma-separated, how many)."""
    by: dict[str, Counter[str]] = {name: Counter() for name in ("role", "level", "region", "community_role")}
    for level, region, role, community_roles, n in rows:
        by["role"][role] += n
        by["level"][level] += n
        by["region"][region] += n
        for community_role in (community_roles or "").split(","):
            if community_role:
                by["community_role"][community_role] += n
    return {"members": by["role"].total(), **{f"by_{name}": dict(sorted(c.items())) for name, c in by.items()}}
