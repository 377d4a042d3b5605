"""Recognise a micro-home as a demonstration site (→ MicroHomeRecognised)."""

from __future__ import annotations

from niangjia_contracts.events import RecognitionFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.micro_home import RecogniseMicroHome


class RecogniseMicroHomeBody(RecognitionFacts, Body):
    pass


async def handle(call: OrgsCall, micro_home_id: str, body: RecogniseMicroHomeBody) -> CommandResult:
    return await call.app.micro_homes.follow_up(call, "recognise_micro_home", RecogniseMicroHome, micro_home_id, body)
