"""The members report, the audit log and the entity timelines, computed from the data set and the
commands that recorded it (see `expected`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.e2e.reports.dataset import MEMBERS, PROJECTS, org
from tests.e2e.reports.expected import Clocks, knows, within
from tests.e2e.reports.record import Command, in_order


def members(region: str, c: Clocks) -> dict[str, Any]:
    """Members serving on as_of by role, their federation's level and region, community role; the
    projects pledged by as_of by service area, completed when the completion is dated by as_of and known."""
    serving = [
        m for m in MEMBERS if within(org(m.federation).region, region) and m.appointed_on <= c.as_of and knows(c, False)
    ]
    ids = {m.id for m in MEMBERS if within(org(m.federation).region, region)}
    pledged = [p for p in PROJECTS if p.member in ids and p.pledged_on <= c.as_of and knows(c, False)]
    areas: dict[str, dict[str, int]] = {}
    for p in sorted(pledged, key=lambda p: p.service_area):
        done = p.completed_on is not None and p.completed_on <= c.as_of and knows(c, p.completion_late)
        area = areas.setdefault(p.service_area, {"pledged": 0, "completed": 0})
        area["completed" if done else "pledged"] += 1
    return {
        "region": region,
        **c.head(),
        "members": len(serving),
        "by_role": dict(Counter(m.role for m in serving)),
        "by_level": dict(Counter(str(org(m.federation).level) for m in serving)),
        "by_region": dict(Counter(org(m.federation).region for m in serving)),
        "by_community_role": dict(Counter(r for m in serving for r in m.community_roles)),
        "projects": {
            "projects": len(pledged),
            "completed": sum(a["completed"] for a in areas.values()),
            "service_areas": len(areas),
            "by_service_area": areas,
        },
    }


def _events(county: str, c: Clocks, entity: str | None = None) -> list[Command]:
    return [
        e
        for e in in_order()
        if e.county == county and e.occurred_on <= c.as_of and e.phase <= c.phase and entity in (None, e.entity_id)
    ]


def _item(e: Command, actor: str) -> dict[str, Any]:
    return {
        "event_type": e.event_type,
        "entity_id": e.entity_id,
        "occurred_on": e.occurred_on.isoformat(),
        "region": e.region,
        "actor": actor,
    }


RECORDS = ("FederationFounded", "MicroHomeOpened", "CareActivityHeld")
"""Events whose payload holds the body that recorded them, field for field."""


def payloads(county: str, c: Clocks) -> list[dict[str, Any]]:
    """The bodies of the county's founding, opening and holding commands in the log on the clocks."""
    return [e.body for e in _events(county, c) if e.event_type in RECORDS]


def log(county: str, c: Clocks, actor: str) -> list[dict[str, Any]]:
    """The auditor's log of a county: its events dated by as_of, recorded by known_at, in order."""
    return [_item(e, actor) for e in _events(county, c)]


def timeline(county: str, entity: str, c: Clocks, actor: str) -> tuple[str, list[dict[str, Any]]]:
    items = [_item(e, actor) for e in _events(county, c, entity)]
    return ("recorded" if items else "not_yet_recorded"), items


SHOWN = ("event_type", "entity_id", "occurred_on", "region", "actor")
"""The fields of an audit record the expectation states (the rest are the store's: ids, times)."""
