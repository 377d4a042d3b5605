"""Correct a care activity (-> CareActivityCorrected, the whole corrected record): the activity known
and in the caller's scope, the organiser the corrected record names looked up, then the decider's
rules (something changes, the record as corrected obeys the rules of a held one)."""

from __future__ import annotations

from niangjia_contracts import OrganiserKind
from niangjia_contracts.types import Text
from niangjia_kit.auth import Principal
from niangjia_kit.commands import CommandContext, CommandResult
from pydantic import model_validator

from niangjia_activities.domain.care_activity import CareActivity
from niangjia_activities.domain.commands import (
    FACT_FIELDS,
    ActivityChanges,
    CareActivityCommand,
    CorrectCareActivity,
    check_not_cleared,
)
from niangjia_activities.domain.facts import HasFacts, with_facts
from niangjia_activities.use_cases.activities import Activities, known_record, stream_id_of
from niangjia_activities.use_cases.bodies import MONEY, Body

OPERATION = "correct_care_activity"


@with_facts(optional=True, types=MONEY)
class CorrectCareActivityBody(Body, HasFacts):
    """The fields to change (any of them; campaign, service_area and location may be set to null) and why."""

    organiser_kind: OrganiserKind | None = None
    reason: Text

    @model_validator(mode="after")
    def _something_to_correct(self) -> CorrectCareActivityBody:
        if not self.model_fields_set - {"reason", "organiser_kind"}:
            raise ValueError("give at least one field to correct")
        check_not_cleared(self)
        return self

    def changes(self) -> ActivityChanges:
        return ActivityChanges.model_validate({name: getattr(self, name) for name in self.given()})

    def given(self) -> list[str]:
        return [name for name in FACT_FIELDS if name in self.model_fields_set]


async def handle(
    activities: Activities,
    principal: Principal,
    context: CommandContext,
    activity_id: str,
    body: CorrectCareActivityBody,
) -> CommandResult:
    changes = body.changes()
    command = CorrectCareActivity(
        activity_id=activity_id, changes=changes, reason=body.reason, organiser=None, today=activities.today()
    )

    async def prepare(state: CareActivity, command: CareActivityCommand) -> CareActivityCommand:
        record = known_record(state, principal, activity_id)
        organiser_id: str = changes.given().get("organiser_id", record.organiser_id)
        kind = body.organiser_kind
        if kind is None and organiser_id == record.organiser_id:
            kind = record.organiser_kind
        organiser = await activities.organisers.in_scope(principal, organiser_id, kind)
        return command.model_copy(update={"organiser": organiser})

    return await activities.handler.handle(activity_id, stream_id_of(activity_id), command, context, prepare=prepare)
