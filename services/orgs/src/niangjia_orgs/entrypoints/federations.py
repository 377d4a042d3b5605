"""Routes for federations: found, inspect, recognise, dissolve, read."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Response
from niangjia_contracts import Domain, EntityId, FederationKind, InspectionFinding, Level, RecognitionLevel, RegionPath
from niangjia_contracts.types import Count, Name, Text
from niangjia_kit.auth import Principal, Reporter, check_scope
from niangjia_kit.commands import derived_entity_id
from niangjia_kit.rules import NotFound
from pydantic import Field, model_validator

from niangjia_orgs.application.handlers import OrgsHandlers, federation_stream
from niangjia_orgs.domain.federation import (
    DissolveFederation,
    FederationState,
    FoundFederation,
    InspectFederation,
    RecogniseFederation,
)
from niangjia_orgs.entrypoints.common import (
    ERRORS,
    Body,
    CommandAnswer,
    Orgs,
    RecordCall,
    answer,
    build,
    created,
    follow_up,
    not_in_future,
)
from niangjia_orgs.entrypoints.views import FederationView, federation_view

router = APIRouter(tags=["federations"])

FederationId = Annotated[EntityId, Path(description="The federation's id")]


class FoundFederationBody(Body):
    federation_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    name: Name
    kind: FederationKind
    domain: Domain = Field(description="The sector follows from the domain")
    level: Level
    region: RegionPath
    host_organisation: Name
    guided_by: EntityId | None = Field(default=None, description='The guiding federation ("1+N")')
    founded_on: date
    women_members: Count
    executive_members: Count = 0
    organisations_covered: Count = 1
    leadership_elected_on: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> FoundFederationBody:
        if self.leadership_elected_on is not None and self.leadership_elected_on < self.founded_on:
            raise ValueError("leadership_elected_on is before founded_on")
        if self.guided_by is not None and self.guided_by == self.federation_id:
            raise ValueError("a federation cannot guide itself")
        return self


class InspectFederationBody(Body):
    inspected_on: date
    finding: InspectionFinding
    remark: Text | None = None


class RecogniseFederationBody(Body):
    recognised_on: date
    level: RecognitionLevel
    title: Name


class DissolveFederationBody(Body):
    dissolved_on: date
    reason: Text


async def _existing(orgs: OrgsHandlers, federation_id: str, principal: Principal) -> tuple[FederationState, int]:
    """The federation's state and version; 404 if unknown, 403 if outside the caller's scope."""
    state, version = await orgs.federation(federation_id)
    if state.founded is None or version is None:
        raise NotFound("federation_not_found", f"federation {federation_id} has not been founded")
    check_scope(principal, state.founded.region)
    return state, version


@router.post(
    "/federations",
    status_code=201,
    response_model=CommandAnswer,
    operation_id="found_federation",
    responses=created(
        "Founded",
        "federation_id",
        "inspect_federation",
        "recognise_federation",
        "dissolve_federation",
        "get_federation",
    ),
)
async def found_federation(body: FoundFederationBody, call: RecordCall) -> Response:
    """Found a federation, committee or group (→ FederationFounded)."""
    check_scope(call.principal, body.region)
    not_in_future(call.today, founded_on=body.founded_on, leadership_elected_on=body.leadership_elected_on)
    context = call.context("found_federation")
    federation_id = body.federation_id or derived_entity_id("fed", context.command_id)
    fields = body.model_dump(exclude={"federation_id"})
    command = build(FoundFederation, **fields, federation_id=federation_id)
    return answer(await call.orgs.found_federation(command, context))


@router.post(
    "/federations/{federation_id}/inspections",
    status_code=201,
    response_model=CommandAnswer,
    operation_id="inspect_federation",
    responses=ERRORS,
)
async def inspect_federation(
    federation_id: FederationId,
    body: InspectFederationBody,
    call: RecordCall,
) -> Response:
    """Record a follow-up inspection (→ FederationInspected)."""
    return await follow_up(
        call,
        "inspect_federation",
        InspectFederation,
        body,
        ("federation_id", federation_id),
        _existing,
        OrgsHandlers.act_on_federation,
    )


@router.post(
    "/federations/{federation_id}/recognitions",
    status_code=201,
    response_model=CommandAnswer,
    operation_id="recognise_federation",
    responses=ERRORS,
)
async def recognise_federation(
    federation_id: FederationId,
    body: RecogniseFederationBody,
    call: RecordCall,
) -> Response:
    """Recognise the federation as a demonstration site (→ FederationRecognised)."""
    return await follow_up(
        call,
        "recognise_federation",
        RecogniseFederation,
        body,
        ("federation_id", federation_id),
        _existing,
        OrgsHandlers.act_on_federation,
    )


@router.post(
    "/federations/{federation_id}/dissolution",
    status_code=201,
    response_model=CommandAnswer,
    operation_id="dissolve_federation",
    responses=ERRORS,
)
async def dissolve_federation(
    federation_id: FederationId,
    body: DissolveFederationBody,
    call: RecordCall,
) -> Response:
    """Dissolve the federation (→ FederationDissolved)."""
    return await follow_up(
        call,
        "dissolve_federation",
        DissolveFederation,
        body,
        ("federation_id", federation_id),
        _existing,
        OrgsHandlers.act_on_federation,
    )


@router.get(
    "/federations/{federation_id}", response_model=FederationView, operation_id="get_federation", responses=ERRORS
)
async def get_federation(federation_id: FederationId, principal: Reporter, orgs: Orgs) -> FederationView:
    """The federation's current state, folded from its stream."""
    state, version = await _existing(orgs, federation_id, principal)
    return federation_view(state, federation_stream(federation_id), version)
