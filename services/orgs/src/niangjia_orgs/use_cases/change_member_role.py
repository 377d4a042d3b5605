"""Change an executive member's role, community roles or term (→ MemberRoleChanged)."""

from __future__ import annotations

from niangjia_contracts.members import RoleChangeFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.member import ChangeMemberRole


class ChangeMemberRoleBody(RoleChangeFacts, Body):
    pass


async def handle(call: OrgsCall, member_id: str, body: ChangeMemberRoleBody) -> CommandResult:
    return await call.app.members.follow_up(call, "change_member_role", ChangeMemberRole, member_id, body)
