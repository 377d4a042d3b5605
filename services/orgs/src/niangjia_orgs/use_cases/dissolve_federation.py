"""Dissolve a federation (→ FederationDissolved)."""

from __future__ import annotations

from niangjia_contracts.events import DissolutionFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.federation import DissolveFederation


class DissolveFederationBody(DissolutionFacts, Body):
    pass


async def handle(call: OrgsCall, federation_id: str, body: DissolveFederationBody) -> CommandResult:
    return await call.app.federations.follow_up(call, "dissolve_federation", DissolveFederation, federation_id, body)
