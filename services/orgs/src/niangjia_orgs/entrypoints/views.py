"""What `GET /federations/{id}` and `GET /micro-homes/{id}` answer: state folded from the stream."""

from __future__ import annotations

from datetime import date
from typing import Literal

from niangjia_contracts import (
    Domain,
    FederationKind,
    InspectionFinding,
    Level,
    MicroHomeSetting,
    RecognitionLevel,
    Sector,
)
from pydantic import BaseModel

from niangjia_orgs.domain.federation import FederationState
from niangjia_orgs.domain.micro_home import MicroHomeState


class InspectionView(BaseModel):
    inspected_on: date
    finding: InspectionFinding
    remark: str | None


class RecognitionView(BaseModel):
    recognised_on: date
    level: RecognitionLevel
    title: str


class FederationView(BaseModel):
    id: str
    stream_id: str
    stream_version: int
    status: Literal["open", "dissolved"]
    name: str
    kind: FederationKind
    domain: Domain
    sector: Sector | None
    level: Level
    region: str
    host_organisation: str
    guided_by: str | None
    founded_on: date
    women_members: int
    executive_members: int
    organisations_covered: int
    leadership_elected_on: date | None
    dissolved_on: date | None
    dissolution_reason: str | None
    inspections: list[InspectionView]
    recognitions: list[RecognitionView]


class MicroHomeView(BaseModel):
    id: str
    stream_id: str
    stream_version: int
    status: Literal["open", "closed"]
    name: str
    setting: MicroHomeSetting
    region: str
    host_federation_id: str
    opened_on: date
    theme: str | None
    members: int
    closed_on: date | None
    closure_reason: str | None
    recognitions: list[RecognitionView]


def federation_view(state: FederationState, stream_id: str, version: int) -> FederationView:
    founded = state.founded
    assert founded is not None
    dissolved = state.dissolved
    return FederationView(
        **founded.model_dump(exclude={"federation_id"}),  # the view shows every fact of the founding
        id=founded.federation_id,
        stream_id=stream_id,
        stream_version=version,
        status="dissolved" if dissolved else "open",
        dissolved_on=dissolved.dissolved_on if dissolved else None,
        dissolution_reason=dissolved.reason if dissolved else None,
        inspections=[
            InspectionView(inspected_on=i.inspected_on, finding=i.finding, remark=i.remark) for i in state.inspections
        ],
        recognitions=[
            RecognitionView(recognised_on=r.recognised_on, level=r.level, title=r.title) for r in state.recognitions
        ],
    )


def micro_home_view(state: MicroHomeState, stream_id: str, version: int) -> MicroHomeView:
    opened = state.opened
    assert opened is not None
    closed = state.closed
    return MicroHomeView(
        **opened.model_dump(exclude={"micro_home_id"}),  # the view shows every fact of the opening
        id=opened.micro_home_id,
        stream_id=stream_id,
        stream_version=version,
        status="closed" if closed else "open",
        closed_on=closed.closed_on if closed else None,
        closure_reason=closed.reason if closed else None,
        recognitions=[
            RecognitionView(recognised_on=r.recognised_on, level=r.level, title=r.title) for r in state.recognitions
        ],
    )
