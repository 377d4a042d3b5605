"""Found a federation, committee or group (→ FederationFounded)."""

from __future__ import annotations

from niangjia_contracts import Domain, EntityId
from niangjia_contracts.events import FederationFacts
from niangjia_contracts.regions import KnownRegion
from niangjia_contracts.types import Count
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body
from pydantic import Field

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.federation import FoundFederation
from niangjia_orgs.use_cases._federation_standing import in_scope_with_standing


class FoundFederationBody(FederationFacts, Body):
    federation_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    # as the published document (docs/openapi/orgs.json) describes them
    domain: Domain = Field(description="The sector follows from the domain")
    organisations_covered: Count = 1
    region: KnownRegion


async def handle(call: OrgsCall, body: FoundFederationBody) -> CommandResult:
    federations = call.app.federations
    creation = federations.creation(call, "found_federation", FoundFederation, body, "fed")
    return await federations.create(creation, in_scope_with_standing(call, body.region, body.guided_by, "guide"))
