"""Open a women's micro-home hosted by a federation (→ MicroHomeOpened)."""

from __future__ import annotations

from niangjia_contracts import EntityId
from niangjia_contracts.events import MicroHomeFacts
from niangjia_contracts.regions import KnownRegion
from niangjia_kit.auth import check_scope
from niangjia_kit.commands import CommandResult, derived_entity_id
from niangjia_kit.routes import Body, build
from pydantic import Field

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.micro_home import MicroHomeCommand, MicroHomeState, OpenMicroHome


class OpenMicroHomeBody(MicroHomeFacts, Body):
    micro_home_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    region: KnownRegion


async def handle(call: OrgsCall, body: OpenMicroHomeBody) -> CommandResult:
    orgs = call.app
    context = call.context("open_micro_home")
    micro_home_id = body.micro_home_id or derived_entity_id("mh", context.command_id)
    fields = body.model_dump(exclude={"micro_home_id"})
    command = build(OpenMicroHome, **fields, micro_home_id=micro_home_id, today=orgs.today())

    async def prepare(state: MicroHomeState, command: MicroHomeCommand) -> MicroHomeCommand:
        """The region in the caller's scope (403), and the host's standing for the decider (a host
        outside the caller's scope is as unknown to it as one that does not exist)."""
        check_scope(call.principal, body.region)
        host = await orgs.federations.visible(body.host_federation_id, call.principal)
        return command.model_copy(update={"host": host.standing})

    return await orgs.micro_homes.create(micro_home_id, command, context, prepare)
