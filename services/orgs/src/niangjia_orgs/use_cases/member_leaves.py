"""Record that an executive member left the committee (→ MemberLeft)."""

from __future__ import annotations

from niangjia_contracts.members import LeavingFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.member import MemberLeaves


class MemberLeavesBody(LeavingFacts, Body):
    pass


async def handle(call: OrgsCall, member_id: str, body: MemberLeavesBody) -> CommandResult:
    return await call.app.members.follow_up(call, "member_leaves", MemberLeaves, member_id, body)
