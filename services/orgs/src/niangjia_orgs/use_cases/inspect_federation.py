"""Record a follow-up inspection of a federation (→ FederationInspected)."""

from __future__ import annotations

from niangjia_contracts.events import InspectionFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.federation import InspectFederation


class InspectFederationBody(InspectionFacts, Body):
    pass


async def handle(call: OrgsCall, federation_id: str, body: InspectFederationBody) -> CommandResult:
    return await call.app.federations.follow_up(call, "inspect_federation", InspectFederation, federation_id, body)
