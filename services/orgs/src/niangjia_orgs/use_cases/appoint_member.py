"""Appoint an executive member to a federation (→ MemberAppointed, her personal data sealed)."""

from __future__ import annotations

from niangjia_contracts import EntityId, PersonalData
from niangjia_contracts.members import AppointmentFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.keystore import KeyErased
from niangjia_kit.routes import Body
from niangjia_kit.rules import RuleViolation
from niangjia_kit.sealing import seal
from pydantic import Field

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.member import AppointMember, MemberCommand, MemberState


class AppointMemberBody(AppointmentFacts, Body):
    member_id: EntityId | None = Field(
        default=None,
        description="Optional, and never a name or a number (it is the member's pseudonym); "
        "without it an id is derived from the command (stable on retries)",
    )
    personal: PersonalData = Field(description="Sealed with the member's own key before it is stored")


async def handle(call: OrgsCall, body: AppointMemberBody) -> CommandResult:
    orgs = call.app
    creation = orgs.members.creation(call, "appoint_member", AppointMember, body, "mem", frozenset({"personal"}))
    member_id, context = creation.entity_id, creation.context

    async def prepare(state: MemberState, command: MemberCommand) -> MemberCommand:
        """The federation (unknown to a caller whose scope it lies beyond), its standing, region and level, and the
        personal data sealed with the member's key (made here, on first use)."""
        federation = await orgs.federations.visible(body.federation_id, call.principal)  # beyond scope: unknown
        founded = federation.founded
        if founded is None or state.appointed is not None:
            return command.model_copy(update={"federation": federation.standing})  # the decider refuses
        try:
            key = orgs.keys.key_for(member_id)
        except KeyErased:
            raise RuleViolation(
                "member_erased", f"member {member_id} was erased; the id cannot be used again"
            ) from None
        personal = seal(key, member_id, member_id, body.personal, context.command_id)
        update = {"federation": federation.standing, "region": founded.region, "level": founded.level}
        return command.model_copy(update={**update, "personal": personal})

    return await orgs.members.create(creation, prepare)
