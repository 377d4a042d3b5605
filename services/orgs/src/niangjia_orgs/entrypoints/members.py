"""Routes for the people of a federation: executive members (appoint, change role, leave, erase,
read) and their "one member, one deed" projects (pledge, complete, read)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response
from niangjia_contracts import EntityId
from niangjia_kit.auth import Permission, Reporter
from niangjia_kit.bodies import StrictJsonRoute
from niangjia_kit.routes import CommandCall, command_call, command_route

from niangjia_orgs import use_cases
from niangjia_orgs.application.orgs import Orgs
from niangjia_orgs.entrypoints.common import ERRORS, OrgsDep, RecordCall, answer, created
from niangjia_orgs.entrypoints.people import MemberView, ProjectView, member_view, project_view
from niangjia_orgs.use_cases.appoint_member import AppointMemberBody
from niangjia_orgs.use_cases.change_member_role import ChangeMemberRoleBody
from niangjia_orgs.use_cases.complete_project import CompleteProjectBody
from niangjia_orgs.use_cases.erase_member import EraseMemberBody
from niangjia_orgs.use_cases.member_leaves import MemberLeavesBody
from niangjia_orgs.use_cases.pledge_project import PledgeProjectBody

router = APIRouter(tags=["members"], route_class=StrictJsonRoute)  # a key given twice is refused (`bodies`)

MemberId = Annotated[EntityId, Path(description="The member's id (her pseudonym)")]
ProjectId = Annotated[EntityId, Path(description="The project's id")]
AdminCall = Annotated[CommandCall[Orgs], Depends(command_call("orgs", Orgs, Permission.ADMIN))]
"""A command only the admin may send (erasure), with the service."""

MEMBER_FOLLOW_UPS = ("change_member_role", "member_leaves", "erase_member", "get_member")


@command_route(router, "/members", "appoint_member", created("Appointed", "member_id", *MEMBER_FOLLOW_UPS))
async def appoint_member(body: AppointMemberBody, call: RecordCall) -> Response:
    """Appoint an executive member (→ MemberAppointed); her personal data is stored sealed only."""
    return answer(await use_cases.appoint_member.handle(call, body))


@command_route(router, "/members/{member_id}/role", "change_member_role", ERRORS)
async def change_member_role(member_id: MemberId, body: ChangeMemberRoleBody, call: RecordCall) -> Response:
    """Change the member's role, community roles or term (→ MemberRoleChanged)."""
    return answer(await use_cases.change_member_role.handle(call, member_id, body))


@command_route(router, "/members/{member_id}/leaving", "member_leaves", ERRORS)
async def member_leaves(member_id: MemberId, body: MemberLeavesBody, call: RecordCall) -> Response:
    """Record that the member left the committee (→ MemberLeft)."""
    return answer(await use_cases.member_leaves.handle(call, member_id, body))


@command_route(router, "/members/{member_id}/erasure", "erase_member", ERRORS)
async def erase_member(member_id: MemberId, body: EraseMemberBody, call: AdminCall) -> Response:
    """Erase the member's personal data: her key is destroyed (→ MemberErased). Admin only."""
    return answer(await use_cases.erase_member.handle(call, member_id, body))


@router.get("/members/{member_id}", response_model=MemberView, operation_id="get_member", responses=ERRORS)
async def get_member(member_id: MemberId, principal: Reporter, orgs: OrgsDep) -> MemberView:
    """The member's current state; her personal data only for the admin and recorders of her region
    (the read is recorded), 已删除 once erased."""
    state, version = await orgs.members.existing(member_id, principal)
    return member_view(state, orgs.members.stream(member_id), version, orgs.keys, principal)


@command_route(router, "/projects", "pledge_project", created("Pledged", "project_id", "complete_project"))
async def pledge_project(body: PledgeProjectBody, call: RecordCall) -> Response:
    """Pledge a "one member, one deed" project (→ ProjectPledged)."""
    return answer(await use_cases.pledge_project.handle(call, body))


@command_route(router, "/projects/{project_id}/completion", "complete_project", ERRORS)
async def complete_project(project_id: ProjectId, body: CompleteProjectBody, call: RecordCall) -> Response:
    """Record that the project reached its target (→ ProjectCompleted)."""
    return answer(await use_cases.complete_project.handle(call, project_id, body))


@router.get("/projects/{project_id}", response_model=ProjectView, operation_id="get_project", responses=ERRORS)
async def get_project(project_id: ProjectId, principal: Reporter, orgs: OrgsDep) -> ProjectView:
    """The project's current state, folded from its stream."""
    state, version = await orgs.projects.existing(project_id, principal)
    return project_view(state, orgs.projects.stream(project_id), version)
