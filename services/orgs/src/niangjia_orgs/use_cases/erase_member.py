"""Erase an executive member's personal data (→ MemberErased): the event records the erasure, then
her data key is destroyed. Not one stored event changes; the sealed data can never be opened again.
A crash between the two is healed on the next start (`apply_erasures`) or by erasing again."""

from __future__ import annotations

from niangjia_contracts.members import ErasureFacts
from niangjia_kit.auth import check_scope
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body, build

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.member import MEMBER, EraseMember, MemberCommand, MemberState


class EraseMemberBody(ErasureFacts, Body):
    pass


async def handle(call: OrgsCall, member_id: str, body: EraseMemberBody) -> CommandResult:
    orgs = call.app
    command = build(EraseMember, **body.model_dump(), member_id=member_id, today=orgs.today())
    context = call.context(f"erase_member:{member_id}")

    async def prepare(state: MemberState, command: MemberCommand) -> MemberCommand:
        """The member known (404) and in scope (403); a key left behind by an earlier erasure goes."""
        if state.region is None:
            raise MEMBER.not_found(member_id)
        check_scope(call.principal, state.region)
        if state.erased is not None:
            orgs.keys.erase(state.erased.key_id)
        return command

    stream = orgs.members.stream(member_id)
    result = await orgs.members.handler.handle(member_id, stream, command, context, prepare=prepare)
    orgs.keys.erase(member_id, result.position)
    return result
