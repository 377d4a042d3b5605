"""Organisations dormant on a date (边建边散), each with the reason (see `dormancy`), on both clocks:
the total over every one, the rows a page at a time in the order they were founded."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from niangjia_contracts.regions import county_code

from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.organisations import dormancy, known_then, quieted, tallied
from niangjia_projections.models.organisations.schema import ENDED, INSPECTED

_FOUNDED = """
SELECT o.position, o.org_id, o.org_type, o.name, o.domain, o.setting, o.region, o.opened_on, {last_activity}
FROM org o
WHERE o.opened_on <= :day AND o.known_us <= :known AND {region}
ORDER BY o.position
"""


def dormant_organisations(
    conn: sqlite3.Connection,
    clocks: Clocks,
    since: date,
    region: str | None,
    *,
    after: int = 0,
    limit: int = 1000,
    from_stretches: bool = True,
) -> dict[str, Any]:
    """The dormant on the clocks, from the stretches of quiet when they answer (`quieted.answers`)
    unless `from_stretches` is False, else reading every organisation of the region."""
    if from_stretches and known_then.everyone_dormant(conn, clocks, since):
        return _everyone(conn, clocks, since, region, after=after, limit=limit)
    if from_stretches and clocks.known_at is None and quieted.answers(clocks, since):
        return _from_stretches(conn, clocks, since, region, after=after, limit=limit)
    if from_stretches and clocks.known_at is not None:
        then = known_then.KnownThen(conn, clocks, since, region)
        if then.answers:
            return _from_stretches(conn, clocks, since, region, after=after, limit=limit, then=then)
    where, params = within("o.region", region)
    changes = dormancy.Changes.read(conn, clocks, region)
    start = since.isoformat()
    rows = conn.execute(
        _FOUNDED.format(region=where, last_activity=dormancy.last_activity(clocks)),
        {"day": clocks.day, "known": clocks.known_us, **params},
    )
    dormant: list[_Dormant] = []
    for row in rows:
        org_id = row[1]
        if org_id in changes.ended:
            continue
        inspected_on, finding = changes.inspected.get(org_id, (None, None))
        last_on = row[-1]
        why = dormancy.reason_of(row[7], finding, inspected_on, last_on, start)
        if why is not None:
            dormant.append((row, last_on, inspected_on, finding, why))
    page = [found for found in dormant if found[0][0] > after][:limit]
    more = len(page) == limit and dormant[-1][0][0] > page[-1][0][0]
    by_finding = sum(found[-1] == "finding" for found in dormant)
    items = [_item(*found) for found in page]
    return _answer(clocks, since, region, len(dormant), by_finding, items, page[-1][0][0] if more else None)


def _from_stretches(
    conn: sqlite3.Connection,
    clocks: Clocks,
    since: date,
    region: str | None,
    *,
    after: int,
    limit: int,
    then: known_then.KnownThen | None = None,
) -> dict[str, Any]:
    stretches, known = clocks, None
    if then is None:
        found = quieted.dormant(conn, clocks, since, region).values()
    else:  # today's stretches on the day the report stands on, the rows as known then
        found = then.dormant(conn).values()
        stretches, known = then.today, quieted.Then(clocks, then.changed, sorted(then.then))
    total = sum(dormant.total for dormant in found)
    rows = quieted.page(conn, stretches, since, region, total, after=after, limit=limit + 1, then=known)
    by_finding = sum(dormant.by_finding for dormant in found)
    return _answer(clocks, since, region, total, by_finding, *_page(rows, since, limit))


_STANDING = f"""
SELECT o.position, o.org_id, o.org_type, o.name, o.domain, o.setting, o.region, o.opened_on,
       {{last_activity}}, {dormancy.INSPECTION_COLUMNS}
FROM org o{{walk}}
WHERE o.position > :after AND o.opened_on <= :day AND o.known_us <= :known AND {{region}}
  AND NOT EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = '{ENDED}'
                  AND c.on_date <= :day AND c.known_us <= :known)
ORDER BY o.position
LIMIT :limit
"""  # noqa: S608 - constant SQL
_FOUND_DORMANT = f"""
SELECT DISTINCT c.org_id FROM org_change c{{join}}
WHERE c.change = '{INSPECTED}' AND c.value = 'dormant' AND c.on_date <= :day AND c.known_us <= :known AND {{region}}
"""  # noqa: S608 - constant SQL
"""Those ever found dormant by an inspection known then: the only ones that may be so by a finding."""


def _everyone(
    conn: sqlite3.Connection, clocks: Clocks, since: date, region: str | None, *, after: int, limit: int
) -> dict[str, Any]:
    """The dormant when every standing organisation is (`known_then.everyone_dormant`): their number
    from the tallies, those by a finding among the ones ever found dormant, a page in founding order."""
    day = clocks.day if clocks.known_at is None else known_then.day_of(conn, clocks)
    figures = tallied.count(conn, clocks, region=region, groups={}, dimensions=(), region_depth=0)
    total = figures["federations"]["total"] + figures["micro_homes"]["total"]
    where, params = within("o.region", region)
    args = {"day": day, "known": clocks.known_us, **params}
    join = " JOIN org o ON o.org_id = c.org_id" if region is not None else ""
    found = [row[0] for row in conn.execute(_FOUND_DORMANT.format(join=join, region=where), args)]
    by_finding = sum(why == "finding" for _, why in known_then.one_by_one(conn, clocks, day, since, found).values())
    walk = " INDEXED BY org_by_position" if region is None else ""
    sql = _STANDING.format(last_activity=dormancy.last_activity(clocks), walk=walk, region=where)
    rows = conn.execute(sql, args | {"after": after, "limit": limit + 1}).fetchall()
    return _answer(clocks, since, region, total, by_finding, *_page(rows, since, limit))


def _page(rows: list[tuple[Any, ...]], since: date, limit: int) -> tuple[list[dict[str, Any]], int | None]:
    """The items of up to `limit + 1` rows of dormant organisations (position, org_id, type, name,
    domain, setting, region, opened_on, last activity, latest finding, its date), each with its
    reason, and the position to go on after when there are more."""
    start = since.isoformat()
    items = []
    for row in rows[:limit]:
        last_on, finding, inspected_on = row[8:]
        why = dormancy.reason_of(row[7], finding, inspected_on, last_on, start)
        assert why is not None, f"{row[1]} was read as dormant but is not"
        items.append(_item(row[:9], last_on, inspected_on, finding, why))
    return items, rows[limit - 1][0] if len(rows) > limit else None


def _answer(
    clocks: Clocks,
    since: date,
    region: str | None,
    total: int,
    by_finding: int,
    items: list[dict[str, Any]],
    next_after: int | None,
) -> dict[str, Any]:
    """The answer: every dormant organisation counted, one page of them listed."""
    return {
        **clocks.as_dict(),
        "since": since.isoformat(),
        "region": region,
        "total": total,
        "by_reason": {"finding": by_finding, "silence": total - by_finding},
        "count": len(items),
        "items": items,
        "next_after": next_after,
    }


_Dormant = tuple[tuple[Any, ...], str | None, str | None, str | None, dormancy.Reason]
"""A row of `_FOUNDED`, its last activity, its latest inspection's date and finding, the reason."""


def _item(
    row: tuple[Any, ...], last_activity_on: str | None, inspected_on: str | None, finding: str | None, why: str
) -> dict[str, Any]:
    _, org_id, org_type, name, domain, setting, region, opened_on, _ = row
    return {
        "org_id": org_id,
        "org_type": org_type,
        "name": name,
        "domain": domain,
        "setting": setting,
        "region": region,
        "region_code": county_code(region),
        "opened_on": opened_on,
        "last_activity_on": last_activity_on,
        "last_inspected_on": inspected_on,
        "last_finding": finding,
        "dormant_by": why,
    }
