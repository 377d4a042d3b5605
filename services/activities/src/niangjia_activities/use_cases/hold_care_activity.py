"""Hold a care activity (-> CareActivityHeld): the organiser it names looked up in the registry and
checked against the caller's scope, then the decider's rules (dates, campaign, organiser open)."""

from __future__ import annotations

from niangjia_contracts import EntityId, OrganiserKind
from niangjia_kit.auth import Principal
from niangjia_kit.commands import CommandContext, CommandResult, derived_entity_id
from pydantic import Field

from niangjia_activities.domain.care_activity import CareActivity
from niangjia_activities.domain.commands import CareActivityCommand, HoldCareActivity
from niangjia_activities.domain.facts import HasFacts, with_facts
from niangjia_activities.use_cases.activities import Activities, stream_id_of
from niangjia_activities.use_cases.bodies import MONEY, Body

OPERATION = "hold_care_activity"


@with_facts(
    types=MONEY,
    fields={
        "organiser_id": Field(description="The federation or micro-home that held it"),
        "campaign": Field(default=None, description="When given, the theme of held_on's quarter"),
    },
)
class HoldCareActivityBody(Body, HasFacts):
    activity_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    organiser_kind: OrganiserKind | None = Field(
        default=None, description="Only needed when a federation and a micro-home share the id"
    )


async def handle(
    activities: Activities, principal: Principal, context: CommandContext, body: HoldCareActivityBody
) -> CommandResult:
    activity_id = body.activity_id or derived_entity_id("act", context.command_id)
    facts = body.model_dump(exclude={"activity_id", "organiser_kind"})
    command = HoldCareActivity(activity_id=activity_id, organiser=None, today=activities.today(), **facts)

    async def prepare(state: CareActivity, command: CareActivityCommand) -> CareActivityCommand:
        organiser = await activities.organisers.in_scope(principal, body.organiser_id, body.organiser_kind)
        return command.model_copy(update={"organiser": organiser})

    return await activities.handler.handle(activity_id, stream_id_of(activity_id), command, context, prepare=prepare)
