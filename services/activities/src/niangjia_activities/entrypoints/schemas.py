"""Request bodies and the folded view of a care activity."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from niangjia_contracts import Campaign, EntityId, OrganiserKind, ServiceArea
from niangjia_contracts.types import Count, Name, Text
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from niangjia_activities.domain.care_activity import CareActivity
from niangjia_activities.domain.commands import REQUIRED_FIELDS


def _money(value: Any) -> Any:
    """Yuan as a JSON string ("1200.50") or number (1200.5); never bools, NaN or infinities."""
    if isinstance(value, bool):
        raise ValueError("a yuan amount is a number or a decimal string")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a yuan amount must be finite")
        return Decimal(repr(value))  # the shortest repr is the decimal the client wrote
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError("a yuan amount is a decimal such as 1200.50") from None
        if not parsed.is_finite():
            raise ValueError("a yuan amount must be finite")
        return parsed
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    Field(
        ge=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        description="Yuan, exact: a decimal string or a number with at most two decimal places",
        examples=["12800.00"],
    ),
]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HoldCareActivityBody(_Body):
    activity_id: EntityId | None = Field(
        default=None, description="Optional; without it an id is derived from the command (stable on retries)"
    )
    organiser_id: EntityId = Field(description="The federation or micro-home that held it")
    organiser_kind: OrganiserKind | None = Field(
        default=None, description="Only needed when a federation and a micro-home share the id"
    )
    held_on: date
    title: Name
    campaign: Campaign | None = Field(default=None, description="When given, the theme of held_on's quarter")
    service_area: ServiceArea | None = None
    people_served: Count
    volunteers: Count
    goods_value_yuan: Money
    location: Name | None = None


class CorrectCareActivityBody(_Body):
    """The fields to change (any of them; campaign, service_area and location may be set to null) and why."""

    organiser_id: EntityId | None = None
    organiser_kind: OrganiserKind | None = None
    held_on: date | None = None
    title: Name | None = None
    campaign: Campaign | None = None
    service_area: ServiceArea | None = None
    people_served: Count | None = None
    volunteers: Count | None = None
    goods_value_yuan: Money | None = None
    location: Name | None = None
    reason: Text

    @model_validator(mode="after")
    def _something_to_correct(self) -> CorrectCareActivityBody:
        given = self.model_fields_set - {"reason", "organiser_kind"}
        if not given:
            raise ValueError("give at least one field to correct")
        cleared = [name for name in REQUIRED_FIELDS if name in given and getattr(self, name) is None]
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be cleared, only changed")
        return self


class RetractCareActivityBody(_Body):
    reason: Text


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


def activity_view(state: CareActivity, activity_id: str, stream_id: str, version: int) -> CareActivityView:
    record = state.record
    assert record is not None
    return CareActivityView(
        id=activity_id,
        stream_id=stream_id,
        stream_version=version,
        status="retracted" if state.retracted else "held",
        organiser_id=record.organiser_id,
        organiser_kind=record.organiser_kind,
        region=record.region,
        held_on=record.held_on,
        title=record.title,
        campaign=record.campaign,
        service_area=record.service_area,
        people_served=record.people_served,
        volunteers=record.volunteers,
        goods_value_yuan=record.goods_value_yuan,
        location=record.location,
        corrections=state.corrections,
        retraction_reason=state.retraction_reason,
    )
