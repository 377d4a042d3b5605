"""Read a care activity: its current record, folded from its stream, for a caller whose scope covers it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from niangjia_contracts import Campaign, OrganiserKind, ServiceArea
from niangjia_kit.auth import Principal
from pydantic import BaseModel, Field

from niangjia_activities.domain.facts import FACT_FIELDS
from niangjia_activities.use_cases.activities import Activities, known_record, stream_id_of


class CareActivityView(BaseModel):
    """A care activity's current record, folded from its stream."""

    id: str
    stream_id: str
    stream_version: int
    status: Literal["held", "retracted"]
    organiser_id: str
    organiser_kind: OrganiserKind
    region: str
    held_on: date
    title: str
    campaign: Campaign | None
    service_area: ServiceArea | None
    people_served: int
    volunteers: int
    goods_value_yuan: Decimal = Field(description="Yuan, as a decimal string with two places")
    location: str | None
    corrections: int = Field(description="How many corrections the record has had")
    retraction_reason: str | None


async def handle(activities: Activities, principal: Principal, activity_id: str) -> CareActivityView:
    """The view; 404 when unknown, 403 outside the caller's scope."""
    stream_id = stream_id_of(activity_id)
    state, version = await activities.handler.state_of(stream_id)
    record = known_record(state, principal, activity_id)
    assert version is not None  # a stream with a record has a version
    return CareActivityView(
        id=activity_id,
        stream_id=stream_id,
        stream_version=version,
        status="retracted" if state.retracted else "held",
        organiser_kind=record.organiser_kind,
        region=record.region,
        corrections=state.corrections,
        retraction_reason=state.retraction_reason,
        **{name: getattr(record, name) for name in FACT_FIELDS},
    )
