"""Found a federation, committee or group (→ FederationFounded)."""

from __future__ import annotations

from niangjia_contracts import Domain, EntityId
from niangjia_contracts.events import FederationFacts
from niangjia_contracts.regions import KnownRegion
from niangjia_contracts.types import Count
from niangjia_kit.auth import check_scope
from niangjia_kit.commands import CommandResult, derived_entity_id
from niangjia_kit.routes import Body, build
from pydantic import Field

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.federation import FederationCommand, FederationState, FoundFederation


class FoundFederationBody(FederationFacts, Body):
    federation_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    # as the published document (docs/openapi/orgs.json) describes them
    domain: Domain = Field(description="The sector follows from the domain")
    organisations_covered: Count = 1
    region: KnownRegion


async def handle(call: OrgsCall, body: FoundFederationBody) -> CommandResult:
    orgs = call.app
    context = call.context("found_federation")
    federation_id = body.federation_id or derived_entity_id("fed", context.command_id)
    fields = body.model_dump(exclude={"federation_id"})
    command = build(FoundFederation, **fields, federation_id=federation_id, today=orgs.today())

    async def prepare(state: FederationState, command: FederationCommand) -> FederationCommand:
        """The region in the caller's scope (403), and the guide's standing for the decider (a guide
        outside the caller's scope is as unknown to it as one that does not exist)."""
        check_scope(call.principal, body.region)
        if body.guided_by is None:
            return command
        guide = await orgs.federations.visible(body.guided_by, call.principal)
        return command.model_copy(update={"guide": guide.standing})

    return await orgs.federations.create(federation_id, command, context, prepare)
