"""Open a women's micro-home hosted by a federation (→ MicroHomeOpened)."""

from __future__ import annotations

from niangjia_contracts import EntityId
from niangjia_contracts.events import MicroHomeFacts
from niangjia_contracts.regions import KnownRegion
from niangjia_kit.commands import CommandResult
from niangjia_kit.routes import Body
from pydantic import Field

from niangjia_orgs.application.orgs import OrgsCall
from niangjia_orgs.domain.micro_home import OpenMicroHome
from niangjia_orgs.use_cases._federation_standing import in_scope_with_standing


class OpenMicroHomeBody(MicroHomeFacts, Body):
    micro_home_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    region: KnownRegion


async def handle(call: OrgsCall, body: OpenMicroHomeBody) -> CommandResult:
    micro_homes = call.app.micro_homes
    creation = micro_homes.creation(call, "open_micro_home", OpenMicroHome, body, "mh")
    return await micro_homes.create(
        creation, in_scope_with_standing(call, body.region, body.host_federation_id, "host")
    )
