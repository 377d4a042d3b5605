"""Routes for micro-homes: open, recognise, close, read."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Response
from niangjia_contracts import EntityId, MicroHomeSetting, RecognitionLevel, RegionPath
from niangjia_contracts.types import Count, Name, Text
from niangjia_kit.auth import Principal, Reporter, check_scope
from niangjia_kit.commands import derived_entity_id
from niangjia_kit.rules import NotFound
from pydantic import Field

from niangjia_orgs.application.handlers import OrgsHandlers, micro_home_stream
from niangjia_orgs.domain.micro_home import CloseMicroHome, MicroHomeState, OpenMicroHome, RecogniseMicroHome
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
from niangjia_orgs.entrypoints.views import MicroHomeView, micro_home_view

router = APIRouter(tags=["micro-homes"])

MicroHomeId = Annotated[EntityId, Path(description="The micro-home's id")]


class OpenMicroHomeBody(Body):
    micro_home_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    name: Name
    setting: MicroHomeSetting
    region: RegionPath
    host_federation_id: EntityId
    opened_on: date
    theme: Name | None = None
    members: Count = 0


class RecogniseMicroHomeBody(Body):
    recognised_on: date
    level: RecognitionLevel
    title: Name


class CloseMicroHomeBody(Body):
    closed_on: date
    reason: Text


async def _existing(orgs: OrgsHandlers, micro_home_id: str, principal: Principal) -> tuple[MicroHomeState, int]:
    """The micro-home's state and version; 404 if unknown, 403 if outside the caller's scope."""
    state, version = await orgs.micro_home(micro_home_id)
    if state.opened is None or version is None:
        raise NotFound("micro_home_not_found", f"micro-home {micro_home_id} has not been opened")
    check_scope(principal, state.opened.region)
    return state, version


@router.post(
    "/micro-homes",
    status_code=201,
    response_model=CommandAnswer,
    operation_id="open_micro_home",
    responses=created("Opened", "micro_home_id", "recognise_micro_home", "close_micro_home", "get_micro_home"),
)
async def open_micro_home(body: OpenMicroHomeBody, call: RecordCall) -> Response:
    """Open a women's micro-home hosted by a federation (→ MicroHomeOpened)."""
    check_scope(call.principal, body.region)
    not_in_future(call.today, opened_on=body.opened_on)
    context = call.context("open_micro_home")
    micro_home_id = body.micro_home_id or derived_entity_id("mh", context.command_id)
    fields = body.model_dump(exclude={"micro_home_id"})
    command = build(OpenMicroHome, **fields, micro_home_id=micro_home_id)
    return answer(await call.orgs.open_micro_home(command, context))


@router.post(
    "/micro-homes/{micro_home_id}/recognitions",
    status_code=201,
    response_model=CommandAnswer,
    operation_id="recognise_micro_home",
    responses=ERRORS,
)
async def recognise_micro_home(
    micro_home_id: MicroHomeId,
    body: RecogniseMicroHomeBody,
    call: RecordCall,
) -> Response:
    """Recognise the micro-home as a demonstration site (→ MicroHomeRecognised)."""
    return await follow_up(
        call,
        "recognise_micro_home",
        RecogniseMicroHome,
        body,
        ("micro_home_id", micro_home_id),
        _existing,
        OrgsHandlers.act_on_micro_home,
    )


@router.post(
    "/micro-homes/{micro_home_id}/closure",
    status_code=201,
    response_model=CommandAnswer,
    operation_id="close_micro_home",
    responses=ERRORS,
)
async def close_micro_home(
    micro_home_id: MicroHomeId,
    body: CloseMicroHomeBody,
    call: RecordCall,
) -> Response:
    """Close the micro-home (→ MicroHomeClosed)."""
    return await follow_up(
        call,
        "close_micro_home",
        CloseMicroHome,
        body,
        ("micro_home_id", micro_home_id),
        _existing,
        OrgsHandlers.act_on_micro_home,
    )


@router.get(
    "/micro-homes/{micro_home_id}", response_model=MicroHomeView, operation_id="get_micro_home", responses=ERRORS
)
async def get_micro_home(micro_home_id: MicroHomeId, principal: Reporter, orgs: Orgs) -> MicroHomeView:
    """The micro-home's current state, folded from its stream."""
    state, version = await _existing(orgs, micro_home_id, principal)
    return micro_home_view(state, micro_home_stream(micro_home_id), version)
