"""Close a micro-home (→ MicroHomeClosed)."""

from __future__ import annotations

from niangjia_contracts.events import ClosureFacts
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.micro_home import CloseMicroHome


class CloseMicroHomeBody(ClosureFacts, Body):
    pass


async def handle(call: OrgsCall, micro_home_id: str, body: CloseMicroHomeBody) -> CommandResult:
    return await call.app.micro_homes.follow_up(call, "close_micro_home", CloseMicroHome, micro_home_id, body)
