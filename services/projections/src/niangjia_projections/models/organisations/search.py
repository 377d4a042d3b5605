"""Find organisations (federations, micro-homes) by a part of their name, within a region.

Names and the text looked for are compared in Unicode NFC and case-folded, so a name typed with
composed or decomposed characters, or in other letter case, is found all the same. Members are not
searchable by name: their names are sealed personal data, never in a read model in the clear.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import Any

from niangjia_projections.models.common import within
from niangjia_projections.models.organisations.schema import ENDED

ORG_TYPES = ("federation", "micro_home")
_SELECT = (
    "SELECT o.org_id, o.org_type, o.name, o.kind, o.domain, o.level, o.setting, o.region, o.parent_id, o.opened_on,"
    " (SELECT min(c.on_date) FROM org_change c WHERE c.org_id = o.org_id AND c.change = :ended) FROM org o"
)
_SELECT = (
    "SELECT o.org_id, o.org_type, o.name, o.kind, o.domain, o.level, o.setting, o.region, o.parent_id, o.opened_on,"
    " (SELECT min(c.on_date) FROM org_change c WHERE c.org_id = o.org_id AND c.change = :ended) FROM org o"
)


def folded(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def find(
    conn: sqlite3.Connection,
    text: str,
    region: str | None,
    *,
    org_type: str | None = None,
    after: str = "",
    limit: int = 50,
) -> dict[str, Any]:
    """Organisations whose name contains `text`, by id, a page after the id `after`; `total` counts all."""
    conn.create_function("nj_folded", 1, folded, deterministic=True)
    where, region_params = within("o.region", region)
    clauses = [where, "instr(nj_folded(o.name), :text) > 0"]
    params: dict[str, Any] = {**region_params, "text": folded(text), "after": after, "limit": limit}
    if org_type is not None:
        clauses.append("o.org_type = :org_type")
        params["org_type"] = org_type
    sql = " AND ".join(clauses)
    total = conn.execute(f"SELECT count(*) FROM org o WHERE {sql}", params).fetchone()[0]  # noqa: S608
    query = f"{_SELECT} WHERE {sql} AND o.org_id > :after ORDER BY o.org_id LIMIT :limit"
    rows = conn.execute(query, {**params, "ended": ENDED}).fetchall()
    keys = ("org_id", "org_type", "name", "kind", "domain", "level", "setting", "region", "guided_by", "opened_on")
    items = [{**dict(zip(keys, row[:-1], strict=True)), "ended_on": row[-1]} for row in rows]
    return {
        "name": text,
        "region": region,
        "total": total,
        "count": len(items),
        "items": items,
        "next_after": items[-1]["org_id"] if len(items) == limit else None,
    }
