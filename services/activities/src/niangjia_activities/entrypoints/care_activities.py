"""Routes for care activities: hold, correct, retract, read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from niangjia_contracts import EntityId
from niangjia_kit.auth import Recorder, Reporter

from niangjia_activities.application.care_activities import stream_id_of
from niangjia_activities.domain.commands import ActivityChanges
from niangjia_activities.entrypoints.common import ERRORS, Activities, CommandAnswer, Headers, answer, command_context
from niangjia_activities.entrypoints.schemas import (
    CareActivityView,
    CorrectCareActivityBody,
    HoldCareActivityBody,
    RetractCareActivityBody,
    activity_view,
)

router = APIRouter(tags=["care activities"])

ActivityId = Annotated[EntityId, Path(description="The care activity's id")]


@router.post("/care-activities", status_code=201, response_model=CommandAnswer, responses=ERRORS)
async def hold_care_activity(
    body: HoldCareActivityBody, principal: Recorder, headers: Headers, activities: Activities
) -> Response:
    """Record a care activity (→ CareActivityHeld). The organiser must be known, open on `held_on`,
    and inside the token's scope."""
    context = command_context(principal, "hold_care_activity", headers)
    facts = body.model_dump(exclude={"activity_id", "organiser_kind"})
    result = await activities.hold(principal, context, facts, body.activity_id, body.organiser_kind)
    return answer(result)


@router.post(
    "/care-activities/{activity_id}/corrections", status_code=201, response_model=CommandAnswer, responses=ERRORS
)
async def correct_care_activity(
    activity_id: ActivityId,
    body: CorrectCareActivityBody,
    principal: Recorder,
    headers: Headers,
    activities: Activities,
) -> Response:
    """Correct a recorded care activity (→ CareActivityCorrected, carrying the whole corrected record)."""
    context = command_context(principal, f"correct_care_activity:{activity_id}", headers)
    given = body.model_fields_set - {"reason", "organiser_kind"}
    changes = ActivityChanges.model_validate({name: getattr(body, name) for name in given})
    result = await activities.correct(principal, context, activity_id, changes, body.reason, body.organiser_kind)
    return answer(result)


@router.post(
    "/care-activities/{activity_id}/retraction", status_code=201, response_model=CommandAnswer, responses=ERRORS
)
async def retract_care_activity(
    activity_id: ActivityId,
    body: RetractCareActivityBody,
    principal: Recorder,
    headers: Headers,
    activities: Activities,
) -> Response:
    """Retract a care activity that should not have been recorded (→ CareActivityRetracted)."""
    context = command_context(principal, f"retract_care_activity:{activity_id}", headers)
    return answer(await activities.retract(principal, context, activity_id, body.reason))


@router.get("/care-activities/{activity_id}", response_model=CareActivityView, responses=ERRORS)
async def get_care_activity(activity_id: ActivityId, principal: Reporter, activities: Activities) -> CareActivityView:
    """The care activity's current record, folded from its stream."""
    state, version = await activities.read(principal, activity_id)
    return activity_view(state, activity_id, stream_id_of(activity_id), version)
