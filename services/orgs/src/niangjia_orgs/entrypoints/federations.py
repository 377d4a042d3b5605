"""Routes for federations: found, inspect, recognise, dissolve, read. Each parses its request,
runs one use case and answers; errors map to HTTP in the kit's handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from niangjia_contracts import EntityId
from niangjia_kit.auth import Reporter
from niangjia_kit.bodies import StrictJsonRoute
from niangjia_kit.routes import command_route

from niangjia_orgs import use_cases
from niangjia_orgs.entrypoints.common import ERRORS, OrgsDep, RecordCall, answer, created
from niangjia_orgs.entrypoints.views import FederationView, federation_view
from niangjia_orgs.use_cases.dissolve_federation import DissolveFederationBody
from niangjia_orgs.use_cases.found_federation import FoundFederationBody
from niangjia_orgs.use_cases.inspect_federation import InspectFederationBody
from niangjia_orgs.use_cases.recognise_federation import RecogniseFederationBody

router = APIRouter(tags=["federations"], route_class=StrictJsonRoute)  # a key given twice is refused (`bodies`)

FederationId = Annotated[EntityId, Path(description="The federation's id")]

FOLLOW_UPS = ("inspect_federation", "recognise_federation", "dissolve_federation", "get_federation")


@command_route(router, "/federations", "found_federation", created("Founded", "federation_id", *FOLLOW_UPS))
async def found_federation(body: FoundFederationBody, call: RecordCall) -> Response:
    """Found a federation, committee or group (→ FederationFounded)."""
    return answer(await use_cases.found_federation.handle(call, body))


@command_route(router, "/federations/{federation_id}/inspections", "inspect_federation", ERRORS)
async def inspect_federation(federation_id: FederationId, body: InspectFederationBody, call: RecordCall) -> Response:
    """Record a follow-up inspection (→ FederationInspected)."""
    return answer(await use_cases.inspect_federation.handle(call, federation_id, body))


@command_route(router, "/federations/{federation_id}/recognitions", "recognise_federation", ERRORS)
async def recognise_federation(
    federation_id: FederationId, body: RecogniseFederationBody, call: RecordCall
) -> Response:
    """Recognise the federation as a demonstration site (→ FederationRecognised)."""
    return answer(await use_cases.recognise_federation.handle(call, federation_id, body))


@command_route(router, "/federations/{federation_id}/dissolution", "dissolve_federation", ERRORS)
async def dissolve_federation(federation_id: FederationId, body: DissolveFederationBody, call: RecordCall) -> Response:
    """Dissolve the federation (→ FederationDissolved)."""
    return answer(await use_cases.dissolve_federation.handle(call, federation_id, body))


@router.get(
    "/federations/{federation_id}", response_model=FederationView, operation_id="get_federation", responses=ERRORS
)
async def get_federation(federation_id: FederationId, principal: Reporter, orgs: OrgsDep) -> FederationView:
    """The federation's current state, folded from its stream."""
    state, version = await orgs.federations.existing(federation_id, principal)
    return federation_view(state, orgs.federations.stream(federation_id), version)
