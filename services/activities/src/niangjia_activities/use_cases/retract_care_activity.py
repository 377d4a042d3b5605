"""Retract a care activity that should not have been recorded (-> CareActivityRetracted): the
activity known and in the caller's scope, then the decider's rules (not retracted already)."""

from __future__ import annotations

from niangjia_contracts.types import Text
from niangjia_kit.auth import Principal
from niangjia_kit.commands import CommandContext, CommandResult

from niangjia_activities.domain.care_activity import CareActivity
from niangjia_activities.domain.commands import CareActivityCommand, RetractCareActivity
from niangjia_activities.use_cases.activities import Activities, known_record, stream_id_of
from niangjia_activities.use_cases.bodies import Body

OPERATION = "retract_care_activity"


class RetractCareActivityBody(Body):
    reason: Text


async def handle(
    activities: Activities,
    principal: Principal,
    context: CommandContext,
    activity_id: str,
    body: RetractCareActivityBody,
) -> CommandResult:
    async def prepare(state: CareActivity, command: CareActivityCommand) -> CareActivityCommand:
        known_record(state, principal, activity_id)
        return command

    command = RetractCareActivity(activity_id=activity_id, reason=body.reason)
    return await activities.handler.handle(activity_id, stream_id_of(activity_id), command, context, prepare=prepare)
