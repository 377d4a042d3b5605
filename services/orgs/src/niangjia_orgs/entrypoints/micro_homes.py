"""Routes for micro-homes: open, recognise, close, read. Each parses its request, runs one use case
and answers; errors map to HTTP in the kit's handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from niangjia_contracts import EntityId
from niangjia_kit.auth import Reporter
from niangjia_kit.bodies import StrictJsonRoute
from niangjia_kit.routes import command_route

from niangjia_orgs import use_cases
from niangjia_orgs.entrypoints.common import ERRORS, OrgsDep, RecordCall, answer, created
from niangjia_orgs.entrypoints.views import MicroHomeView, micro_home_view
from niangjia_orgs.use_cases.close_micro_home import CloseMicroHomeBody
from niangjia_orgs.use_cases.open_micro_home import OpenMicroHomeBody
from niangjia_orgs.use_cases.recognise_micro_home import RecogniseMicroHomeBody

router = APIRouter(tags=["micro-homes"], route_class=StrictJsonRoute)  # a key given twice is refused (`bodies`)

MicroHomeId = Annotated[EntityId, Path(description="The micro-home's id")]

FOLLOW_UPS = ("recognise_micro_home", "close_micro_home", "get_micro_home")


@command_route(router, "/micro-homes", "open_micro_home", created("Opened", "micro_home_id", *FOLLOW_UPS))
async def open_micro_home(body: OpenMicroHomeBody, call: RecordCall) -> Response:
    """Open a women's micro-home hosted by a federation (→ MicroHomeOpened)."""
    return answer(await use_cases.open_micro_home.handle(call, body))


@command_route(router, "/micro-homes/{micro_home_id}/recognitions", "recognise_micro_home", ERRORS)
async def recognise_micro_home(micro_home_id: MicroHomeId, body: RecogniseMicroHomeBody, call: RecordCall) -> Response:
    """Recognise the micro-home as a demonstration site (→ MicroHomeRecognised)."""
    return answer(await use_cases.recognise_micro_home.handle(call, micro_home_id, body))


@command_route(router, "/micro-homes/{micro_home_id}/closure", "close_micro_home", ERRORS)
async def close_micro_home(micro_home_id: MicroHomeId, body: CloseMicroHomeBody, call: RecordCall) -> Response:
    """Close the micro-home (→ MicroHomeClosed)."""
    return answer(await use_cases.close_micro_home.handle(call, micro_home_id, body))


@router.get(
    "/micro-homes/{micro_home_id}", response_model=MicroHomeView, operation_id="get_micro_home", responses=ERRORS
)
async def get_micro_home(micro_home_id: MicroHomeId, principal: Reporter, orgs: OrgsDep) -> MicroHomeView:
    """The micro-home's current state, folded from its stream."""
    state, version = await orgs.micro_homes.existing(micro_home_id, principal)
    return micro_home_view(state, orgs.micro_homes.stream(micro_home_id), version)
