"""Organisations that went quiet (边建边散): open ones founded before a date with no activity held
and no follow-up inspection on or after it, as the system knows them now."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from niangjia_projections.models.common import within

_QUIET = """
SELECT o.position, o.org_id, o.org_type, o.name, o.domain, o.setting, o.region, o.opened_on,
       (SELECT max(a.held_on) FROM activity_current a WHERE a.organiser_id = o.org_id AND a.retracted = 0)
           AS last_activity_on,
       (SELECT max(c.on_date) FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'inspected')
           AS last_inspected_on
FROM org o
WHERE o.opened_on < :since AND {region}
  AND NOT EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'ended')
  AND NOT EXISTS (SELECT 1 FROM activity_current a WHERE a.organiser_id = o.org_id AND a.retracted = 0
                  AND a.held_on >= :since)
  AND NOT EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'inspected'
                  AND c.on_date >= :since)
  AND o.position > :after
ORDER BY o.position
LIMIT :limit
"""


def quiet_organisations(
    conn: sqlite3.Connection, since: date, region: str | None, *, after: int = 0, limit: int = 1000
) -> dict[str, Any]:
    where, params = within("o.region", region)
    conn.row_factory = sqlite3.Row
    rows = list(
        conn.execute(
            _QUIET.format(region=where),
            {"since": since.isoformat(), "after": after, "limit": limit, **params},
        )
    )
    names = [k for k in rows[0].keys() if k != "position"] if rows else []  # noqa: SIM118 - a Row iterates values
    items = [{k: row[k] for k in names} for row in rows]
    return {
        "since": since.isoformat(),
        "region": region,
        "count": len(items),
        "items": items,
        "next_after": rows[-1]["position"] if len(rows) == limit else None,
    }
