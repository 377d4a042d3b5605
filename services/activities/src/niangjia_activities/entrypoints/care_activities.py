"""Routes for care activities: hold, correct, retract, read. Each hands its body to its use case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from niangjia_contracts import EntityId
from niangjia_kit.auth import Reporter
from niangjia_kit.bodies import StrictJsonRoute

from niangjia_activities.entrypoints.common import ERRORS, Recording, Service, command_route
from niangjia_activities.use_cases import correct_care_activity as correct
from niangjia_activities.use_cases import get_care_activity as read
from niangjia_activities.use_cases import hold_care_activity as hold
from niangjia_activities.use_cases import retract_care_activity as retract

router = APIRouter(tags=["care activities"], route_class=StrictJsonRoute)  # a key given twice is refused (`bodies`)

ActivityId = Annotated[EntityId, Path(description="The care activity's id")]
Held = hold.HoldCareActivityBody
Correction = correct.CorrectCareActivityBody
Retraction = retract.RetractCareActivityBody


@command_route(router, "/care-activities")
async def hold_care_activity(body: Held, call: Recording) -> Response:
    """Record a care activity (→ CareActivityHeld). The organiser must be known, open on `held_on`,
    and inside the token's scope."""
    return await call.run(hold.handle, hold.OPERATION, body)


@command_route(router, "/care-activities/{activity_id}/corrections")
async def correct_care_activity(activity_id: ActivityId, body: Correction, call: Recording) -> Response:
    """Correct a recorded care activity (→ CareActivityCorrected, carrying the whole corrected record)."""
    return await call.run(correct.handle, f"{correct.OPERATION}:{activity_id}", activity_id, body)


@command_route(router, "/care-activities/{activity_id}/retraction")
async def retract_care_activity(activity_id: ActivityId, body: Retraction, call: Recording) -> Response:
    """Retract a care activity that should not have been recorded (→ CareActivityRetracted)."""
    return await call.run(retract.handle, f"{retract.OPERATION}:{activity_id}", activity_id, body)


@router.get("/care-activities/{activity_id}", response_model=read.CareActivityView, responses=ERRORS)
async def get_care_activity(activity_id: ActivityId, principal: Reporter, activities: Service) -> read.CareActivityView:
    """The care activity's current record, folded from its stream."""
    return await read.handle(activities, principal, activity_id)
