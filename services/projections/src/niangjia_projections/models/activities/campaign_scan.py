"""The campaign figures computed from the facts themselves: every activity version of the period
scanned (the reference the aggregates of `campaigns` are checked against, and what a known-at
report reads when the recorded times ever went backwards). What counts, in which row, and how
effective coverage is defined: as `campaigns` states it, the same definitions read another way.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from niangjia_projections.models.common import Clocks, share, within, yuan

_CURRENT = """
SELECT activity_id, organiser_id, organiser_kind, held_on, campaign, people_served, volunteers, goods_value_cents
FROM activity_current
WHERE retracted = 0 AND held_on BETWEEN :start AND :end AND held_on <= :day AND {region}
"""

_KNOWN_AT = """
SELECT v.activity_id, v.organiser_id, v.organiser_kind, v.held_on, v.campaign, v.people_served, v.volunteers,
       v.goods_value_cents
FROM activity_version v
JOIN (SELECT activity_id, max(position) AS latest FROM activity_version
      WHERE known_us <= :known AND activity_id IN
            (SELECT activity_id FROM activity_version WHERE held_on BETWEEN :start AND :end)
      GROUP BY activity_id) m ON v.position = m.latest
WHERE v.change != 'retracted' AND v.held_on BETWEEN :start AND :end AND v.held_on <= :day AND {region}
"""

_OPEN_FEDERATIONS = """
SELECT o.org_id FROM org o
WHERE o.org_type = 'federation' AND o.opened_on <= :end AND o.opened_on <= :day AND o.known_us <= :known
  AND NOT EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'ended'
                  AND c.on_date < :start AND c.on_date <= :day AND c.known_us <= :known)
  AND {region}
"""


# One pass over the period's activities (the current or the known-at versions), summed by SQLite:
# a year of a large district is hundreds of thousands of rows, too many to bring into Python.
# :selection picks a row's activities: a theme, 'outside' (no campaign) or 'all'.
_CHOSEN = """
WITH activity AS ({activities}),
chosen AS (SELECT * FROM activity WHERE CASE :selection WHEN 'all' THEN 1
                                                       WHEN 'outside' THEN campaign IS NULL
                                                       ELSE campaign = :selection END)
"""

_TOTALS = (
    _CHOSEN
    + """
SELECT count(*), coalesce(sum(people_served), 0), coalesce(sum(volunteers), 0), coalesce(sum(goods_value_cents), 0),
    count(DISTINCT CASE WHEN organiser_kind = 'federation' THEN organiser_id END),
    count(DISTINCT CASE WHEN organiser_kind = 'micro_home' THEN organiser_id END)
FROM chosen
"""
)

_FEDERATION_ORGANISERS = _CHOSEN + "SELECT DISTINCT organiser_id FROM chosen WHERE organiser_kind = 'federation'"  # noqa: S608 - constants


def _activity_query(
    template: str, clocks: Clocks, start: date, end: date, region: str | None
) -> tuple[str, dict[str, Any]]:
    """`template` around the period's activities as known on `clocks`, with its parameters."""
    activities = _KNOWN_AT if clocks.known_at is not None else _CURRENT
    where, params = within("v.region" if clocks.known_at is not None else "region", region)
    sql = template.format(activities=activities.format(region=where))
    return sql, {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "day": clocks.day,
        "known": clocks.known_us,
        **params,
    }


def _open_federations(conn: sqlite3.Connection, clocks: Clocks, start: date, end: date, region: str | None) -> set[str]:
    where, params = within("o.region", region)
    rows = conn.execute(
        _OPEN_FEDERATIONS.format(region=where),
        {"start": start.isoformat(), "end": end.isoformat(), "day": clocks.day, "known": clocks.known_us, **params},
    )
    return {row[0] for row in rows}


def summary(
    conn: sqlite3.Connection, clocks: Clocks, start: date, end: date, region: str | None, selection: str
) -> dict[str, Any]:
    sql, params = _activity_query(_TOTALS, clocks, start, end, region)
    """One row's figures (`selection`: a theme, 'outside' or 'all') over the period's activities."""
    count, people, volunteers, cents, federations, micro_homes = conn.execute(
        sql, {**params, "selection": selection}
    ).fetchone()
    sql, params = _activity_query(_FEDERATION_ORGANISERS, clocks, start, end, region)
    organisers = {row[0] for row in conn.execute(sql, {**params, "selection": selection})}
    open_federations = _open_federations(conn, clocks, start, end, region)
    active = organisers & open_federations
    return {
        "activities": count,
        "people_served": people,
        "volunteers": volunteers,
        "goods_value_yuan": yuan(cents),
        "organisers": federations + micro_homes,
        "organisers_by_kind": {"federation": federations, "micro_home": micro_homes},
        "effective_coverage": {
            "federations_open": len(open_federations),
            "federations_active": len(active),
            "share": share(len(active), len(open_federations)),
        },
    }


class ScanRows:
    """The rows of a report as the scan computes them."""

    def __init__(self, conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> None:
        self.conn, self.clocks, self.region = conn, clocks, region

    def row(self, start: date, end: date, selection: str) -> dict[str, Any]:
        return summary(self.conn, self.clocks, start, end, self.region, selection)
