"""Campaign years, "1+N" trees and the dormant list, computed from the data set's definition
(see `expected`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.e2e.reports.dataset import COUNTY_CODES, INSPECTIONS, Org, org
from tests.e2e.reports.expected import (
    QUARTERS,
    THEMES,
    Clocks,
    activities,
    dormant_by,
    ended,
    knows,
    recorded_orgs,
    since_of,
    status,
    within,
)


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _row(region: str, c: Clocks, start: date, end: date, theme: str | None) -> dict[str, Any]:
    """One row: the activities of the period (up to as_of) carrying `theme` (None: no theme);
    organisers are the distinct organisations that held them; effective coverage is, of the
    federations open in the period (founded by its last day, not dissolved before its first), the
    share that are among those organisers."""
    last = min(end, c.as_of)
    rows = [
        a
        for a in activities(c)
        if start <= a["held_on"] <= last and a["campaign"] == theme and within(org(a["organiser"]).region, region)
    ]
    organisers = {a["organiser"] for a in rows}
    open_feds = {
        o.id
        for o in recorded_orgs(c)
        if within(o.region, region)
        and o.type == "federation"
        and o.opened_on <= last
        and not (o.dissolved_on is not None and c.phase == 2 and o.dissolved_on < start and o.dissolved_on <= c.as_of)
    }
    active = organisers & open_feds
    kinds = [org(i).type for i in organisers]
    share = None if not open_feds else str((Decimal(len(active)) / Decimal(len(open_feds))).quantize(Decimal("0.0001")))
    return {
        "activities": len(rows),
        "people_served": sum(a["people"] for a in rows),
        "volunteers": sum(a["volunteers"] for a in rows),
        "goods_value_yuan": _money(sum((a["goods"] for a in rows), Decimal(0))),
        "organisers": len(organisers),
        "organisers_by_kind": {"federation": kinds.count("federation"), "micro_home": kinds.count("micro_home")},
        "effective_coverage": {"federations_open": len(open_feds), "federations_active": len(active), "share": share},
    }


def _sums(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "activities": sum(r["activities"] for r in rows),
        "people_served": sum(r["people_served"] for r in rows),
        "volunteers": sum(r["volunteers"] for r in rows),
        "goods_value_yuan": _money(sum((Decimal(r["goods_value_yuan"]) for r in rows), Decimal(0))),
    }


def quarter(region: str, c: Clocks, year: int, q: int) -> dict[str, Any]:
    start, end = (date.fromisoformat(f"{year}-{d}") for d in QUARTERS[q])
    period = {"start": start.isoformat(), "end": end.isoformat()}
    return {"quarter": q, "theme": THEMES[q - 1], "period": period, **_row(region, c, start, end, THEMES[q - 1])}


def _campaign_head(region: str, c: Clocks, year: int) -> dict[str, Any]:
    return {**c.head(), "region": region, "year": year}


def campaign_year(region: str, c: Clocks, year: int) -> dict[str, Any]:
    quarters = [quarter(region, c, year, q) for q in range(1, 5)]
    outside = _row(region, c, date(year, 1, 1), date(year, 12, 31), None)
    return {
        **_campaign_head(region, c, year),
        "quarters": quarters,
        "outside_campaigns": outside,
        "in_campaigns": _sums(quarters),
        "total": _sums([*quarters, outside]),
    }


def campaign_quarter(region: str, c: Clocks, year: int, q: int) -> dict[str, Any]:
    return {**_campaign_head(region, c, year), **quarter(region, c, year, q)}


def _node(o: Org, c: Clocks, depth: int | None = None) -> dict[str, Any]:
    """The organisation's node, its children listed down to `depth` more levels (every level: None)."""
    node: dict[str, Any] = {
        "id": o.id,
        "type": o.type,
        "name": o.name,
        "kind": o.kind,
        "domain": o.domain,
        "level": o.level,
        "setting": o.setting,
        "region": o.region,
        "region_code": COUNTY_CODES[o.county],
        "opened_on": o.opened_on.isoformat(),
        "status": status(o, c),
    }
    if o.type == "micro_home":
        return node
    kids = [_node(k, c, None if depth is None else depth - 1) for k in recorded_orgs(c) if k.host == o.id]
    feds = [k for k in kids if k["type"] == "federation"]
    below = [k for k in kids]
    statuses: dict[str, int] = {}
    for k in kids:
        statuses[k["status"]] = statuses.get(k["status"], 0) + 1
    for k in feds:
        for s, n in k["all"]["by_status"].items():
            statuses[s] = statuses.get(s, 0) + n
    domains: dict[str, int] = {}
    for k in feds:
        domains[k["domain"]] = domains.get(k["domain"], 0) + 1
    node["direct"] = {
        "federations": len(feds),
        "micro_homes": len(below) - len(feds),
        "by_domain": dict(sorted(domains.items())),
    }
    node["all"] = {
        "federations": len(feds) + sum(k["all"]["federations"] for k in feds),
        "micro_homes": len(below) - len(feds) + sum(k["all"]["micro_homes"] for k in feds),
        "by_status": dict(sorted(statuses.items())),
    }
    listed = depth is None or depth > 0
    node["children"] = kids if listed else []
    node["more"] = bool(kids) and not listed
    return node


def guided(federation_id: str, c: Clocks, depth: int | None = None) -> dict[str, Any]:
    """The tree under a federation on the clocks, listed down to `depth` levels, or "not yet
    founded" when it is not yet (as of, or as known)."""
    root = next((o for o in recorded_orgs(c) if o.id == federation_id), None)
    if root is None:
        return {**c.head(), "id": federation_id, "type": "federation", "status": "not_yet_founded"}
    return {**c.head(), **_node(root, c, depth)}


def dormant(county: str, c: Clocks, since: date | None = None) -> dict[str, Any]:
    since = since or since_of(c)
    items = []
    for o in recorded_orgs(c):
        why = dormant_by(o, c, since) if o.county == county and not ended(o, c) else None
        if why is None:
            continue
        held = [a["held_on"] for a in activities(c) if a["organiser"] == o.id]
        seen = sorted(
            (i for i in INSPECTIONS if i.federation == o.id and i.inspected_on <= c.as_of and knows(c, i.late)),
            key=lambda i: i.inspected_on,
        )
        items.append(
            {
                "org_id": o.id,
                "org_type": o.type,
                "name": o.name,
                "domain": o.domain,
                "setting": o.setting,
                "region": o.region,
                "region_code": COUNTY_CODES[county],
                "opened_on": o.opened_on.isoformat(),
                "last_activity_on": max(held).isoformat() if held else None,
                "last_inspected_on": seen[-1].inspected_on.isoformat() if seen else None,
                "last_finding": seen[-1].finding if seen else None,
                "dormant_by": why,
            }
        )
    return {
        **c.head(),
        "since": since.isoformat(),
        "region": county,
        "total": len(items),
        "by_reason": {r: sum(1 for i in items if i["dormant_by"] == r) for r in ("finding", "silence")},
        "count": len(items),
        "items": items,
        "next_after": None,
    }
