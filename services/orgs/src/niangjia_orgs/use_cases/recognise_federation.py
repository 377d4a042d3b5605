"""Recognise a federation as a demonstration site (→ FederationRecognised)."""

from __future__ import annotations

from niangjia_contracts.events import RecognitionFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.federation import RecogniseFederation


class RecogniseFederationBody(RecognitionFacts, Body):
    pass


async def handle(call: OrgsCall, federation_id: str, body: RecogniseFederationBody) -> CommandResult:
    return await call.app.federations.follow_up(call, "recognise_federation", RecogniseFederation, federation_id, body)
