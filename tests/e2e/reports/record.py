"""The data set as the commands that record it through the orgs and activities services' HTTP
APIs, in order, each county's by its own scoped recorder; and the event each command must append
(what the audit log and the entity timelines must show)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from tests.e2e.reports.dataset import (
    ACTIVITIES,
    INSPECTIONS,
    MEMBERS,
    ORGS,
    PROJECTS,
    RECOGNITIONS,
    Activity,
    Inspection,
    Org,
    Project,
    org,
)


@dataclass(frozen=True)
class Command:
    service: str
    county: str
    path: str
    body: dict[str, Any]
    event_type: str
    entity_id: str
    occurred_on: date
    region: str
    phase: int  # 1: before the first known_at instant, 2: after it (late)


def _org(o: Org) -> Command:
    if o.type == "federation":
        body = {
            "federation_id": o.id,
            "name": o.name,
            "kind": o.kind,
            "domain": o.domain,
            "level": o.level,
            "region": o.region,
            "host_organisation": f"{o.name} 依托单位",
            "guided_by": o.host,
            "founded_on": o.opened_on.isoformat(),
            "women_members": o.women,
            "executive_members": o.executives,
            "organisations_covered": o.covered,
            "leadership_elected_on": o.elected.isoformat() if o.elected else None,
            **({"chamber_origin": o.origin} if o.origin else {}),
        }
        return _organisation(o, "/federations", body, "FederationFounded", o.opened_on, 2 if o.late else 1)
    body = {
        "micro_home_id": o.id,
        "name": o.name,
        "setting": o.setting,
        "region": o.region,
        "host_federation_id": o.host,
        "opened_on": o.opened_on.isoformat(),
        "members": o.members,
    }
    return _organisation(o, "/micro-homes", body, "MicroHomeOpened", o.opened_on, 1)


def _organisation(o: Org, path: str, body: dict[str, Any], event_type: str, on: date, phase: int) -> Command:
    return Command("orgs", o.county, path, body, event_type, o.id, on, o.region, phase)


def _project(
    p: Project, region: str, path: str, body: dict[str, Any], event_type: str, on: date, phase: int
) -> Command:
    return Command("orgs", p.county, path, body, event_type, p.id, on, region, phase)


def _activity(a: Activity, path: str, body: dict[str, Any], event_type: str, phase: int) -> Command:
    return Command("activities", a.county, path, body, event_type, a.id, a.held_on, org(a.organiser).region, phase)


def _inspection(i: Inspection, phase: int) -> Command:
    body = {"inspected_on": i.inspected_on.isoformat(), "finding": i.finding, "remark": "跟踪检查"}
    path = f"/federations/{i.federation}/inspections"
    return Command(
        "orgs",
        i.county,
        path,
        body,
        "FederationInspected",
        i.federation,
        i.inspected_on,
        org(i.federation).region,
        phase,
    )


def _held(a: Activity) -> Command:
    body = {
        "activity_id": a.id,
        "organiser_id": a.organiser,
        "held_on": a.held_on.isoformat(),
        "title": f"{a.id} 关爱活动",
        "campaign": a.campaign,
        "people_served": a.people,
        "volunteers": a.volunteers,
        "goods_value_yuan": str(a.goods),
    }
    return _activity(a, "/care-activities", body, "CareActivityHeld", 2 if a.late else 1)


def commands() -> Iterator[Command]:
    """Every command in the order it is sent; the second phase's after the first's."""
    body: dict[str, Any]
    first = [o for o in ORGS if not o.late]
    yield from (_org(o) for o in first)
    for r in RECOGNITIONS:
        o = org(r.org)
        kind = "MicroHome" if o.type == "micro_home" else "Federation"
        path = f"/{'micro-homes' if o.type == 'micro_home' else 'federations'}/{o.id}/recognitions"
        body = {"recognised_on": r.recognised_on.isoformat(), "level": r.level, "title": f"{r.level} 示范点"}
        yield Command("orgs", r.county, path, body, f"{kind}Recognised", o.id, r.recognised_on, o.region, 1)
    yield from (_inspection(i, 1) for i in INSPECTIONS if not i.late)
    for m in MEMBERS:
        body = {
            "member_id": m.id,
            "federation_id": m.federation,
            "role": m.role,
            "community_roles": list(m.community_roles),
            "appointed_on": m.appointed_on.isoformat(),
            "personal": {"name": f"{m.id} 姓名"},
        }
        yield Command(
            "orgs", m.county, "/members", body, "MemberAppointed", m.id, m.appointed_on, org(m.federation).region, 1
        )
    for p in PROJECTS:
        region = org(next(m.federation for m in MEMBERS if m.id == p.member)).region
        body = {
            "project_id": p.id,
            "member_id": p.member,
            "service_area": p.service_area,
            "title": f"{p.id} 实事",
            "target": "服务 100 人次",
            "pledged_on": p.pledged_on.isoformat(),
        }
        yield _project(p, region, "/projects", body, "ProjectPledged", p.pledged_on, 1)
        if p.completed_on is not None:
            done = {"completed_on": p.completed_on.isoformat(), "outcome": "已完成"}
            path = f"/projects/{p.id}/completion"
            yield _project(p, region, path, done, "ProjectCompleted", p.completed_on, 2 if p.completion_late else 1)
    yield from (_held(a) for a in ACTIVITIES if not a.late)
    # the second phase: a federation entered late, late activities and inspection, a correction,
    # a retraction, a dissolution (the late completion above is sent in this phase too)
    yield from (_org(o) for o in ORGS if o.late)
    yield from (_held(a) for a in ACTIVITIES if a.late)
    yield from (_inspection(i, 2) for i in INSPECTIONS if i.late)
    for a in ACTIVITIES:
        if a.corrected:
            body = {**a.corrected, "reason": "按签收单更正"}
            held_on = date.fromisoformat(str(a.corrected.get("held_on", a.held_on)))
            region = org(str(a.corrected.get("organiser_id", a.organiser))).region
            path = f"/care-activities/{a.id}/corrections"
            yield Command("activities", a.county, path, body, "CareActivityCorrected", a.id, held_on, region, 2)
        if a.retracted:
            body = {"reason": "重复录入"}
            yield _activity(a, f"/care-activities/{a.id}/retraction", body, "CareActivityRetracted", 2)
    for o in ORGS:
        if o.dissolved_on is not None:
            body = {"dissolved_on": o.dissolved_on.isoformat(), "reason": "组织撤销，会员转入上级妇联"}
            yield _organisation(o, f"/federations/{o.id}/dissolution", body, "FederationDissolved", o.dissolved_on, 2)


def in_order() -> list[Command]:
    """The commands in the order the store holds their events: the first phase, then the second."""
    every = list(commands())
    return [c for c in every if c.phase == 1] + [c for c in every if c.phase == 2]


def send(clients: dict[str, httpx.Client], tokens: dict[str, str], batch: list[Command]) -> int:
    """POST each command with its county's recorder token; the last store position."""
    last = 0
    for command in batch:
        headers = {"Authorization": f"Bearer {tokens[command.county]}"}
        response = clients[command.service].post(command.path, json=command.body, headers=headers)
        assert response.status_code == 201, f"POST {command.path}: {response.status_code} {response.text}"
        last = int(response.json()["position"])
    return last
