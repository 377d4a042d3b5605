"""Organisations dormant on a date (边建边散), each with the reason (see `dormancy`), on both clocks:
the total over every one, the rows a page at a time in the order they were founded."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from niangjia_contracts.regions import county_code

from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.organisations import dormancy

_STANDING = f"""
SELECT o.position, o.org_id, o.org_type, o.name, o.domain, o.setting, o.region, o.opened_on,
{dormancy.INSPECTION_COLUMNS}, {{last_activity}}
FROM org o
WHERE o.opened_on <= :day AND o.known_us <= :known AND {{region}}
  AND NOT EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'ended'
                  AND c.on_date <= :day AND c.known_us <= :known)
ORDER BY o.position
"""  # noqa: S608 - the inspection columns are a constant


def dormant_organisations(
    conn: sqlite3.Connection, clocks: Clocks, since: date, region: str | None, *, after: int = 0, limit: int = 1000
) -> dict[str, Any]:
    where, params = within("o.region", region)
    conn.row_factory = sqlite3.Row
    last = dormancy.LastActivities(conn, clocks, region)
    rows = conn.execute(
        _STANDING.format(region=where, last_activity=last.column),
        {"day": clocks.day, "known": clocks.known_us, **params},
    )
    dormant: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        last_activity_on = last.of(row["org_id"], row["last_activity_on"])
        why = dormancy.reason(row, last_activity_on, since)
        if why is None:
            continue
        item = {
            "org_id": row["org_id"],
            "org_type": row["org_type"],
            "name": row["name"],
            "domain": row["domain"],
            "setting": row["setting"],
            "region": row["region"],
            "region_code": county_code(row["region"]),
            "opened_on": row["opened_on"],
            "last_activity_on": last_activity_on,
            "last_inspected_on": row["inspected_on"],
            "last_finding": row["finding"],
            "dormant_by": why,
        }
        dormant.append((row["position"], item))
    page = [(position, item) for position, item in dormant if position > after][:limit]
    more = len(page) == limit and any(position > page[-1][0] for position, _ in dormant)
    return {
        **clocks.as_dict(),
        "since": since.isoformat(),
        "region": region,
        "total": len(dormant),
        "by_reason": {r: sum(1 for _, i in dormant if i["dormant_by"] == r) for r in ("finding", "silence")},
        "count": len(page),
        "items": [item for _, item in page],
        "next_after": page[-1][0] if more else None,
    }
