"""What `GET /federations/{id}` and `GET /micro-homes/{id}` answer: state folded from the stream."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from niangjia_contracts import (
    ChamberOrigin,
    Domain,
    DomainEvent,
    FederationKind,
    InspectionFinding,
    Level,
    MicroHomeSetting,
    RecognitionLevel,
    Sector,
)
from niangjia_contracts.events import ClosureFacts, DissolutionFacts
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
    chamber_origin: ChamberOrigin | None
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


def _header(start: DomainEvent, id_field: str, stream_id: str, version: int) -> dict[str, Any]:
    """Every fact of the founding or opening (the view shows them all), the id and the stream's place."""
    return {
        **start.model_dump(exclude={id_field}),
        "id": start.entity_id,
        "stream_id": stream_id,
        "stream_version": version,
    }


def _ending(ended: DissolutionFacts | ClosureFacts | None, status: str, day: str, reason: str) -> dict[str, Any]:
    """The status, the end's day and its reason: the dissolution's or closure's, or open and none."""
    if ended is None:
        return {"status": "open", day: None, reason: None}
    return {"status": status, day: getattr(ended, day), reason: ended.reason}


def _recognitions(state: FederationState | MicroHomeState) -> list[RecognitionView]:
    return [RecognitionView.model_validate(r, from_attributes=True) for r in state.recognitions]


def federation_view(state: FederationState, stream_id: str, version: int) -> FederationView:
    assert state.founded is not None
    return FederationView(
        **_header(state.founded, "federation_id", stream_id, version),
        **_ending(state.dissolved, "dissolved", "dissolved_on", "dissolution_reason"),
        inspections=[InspectionView.model_validate(i, from_attributes=True) for i in state.inspections],
        recognitions=_recognitions(state),
    )


def micro_home_view(state: MicroHomeState, stream_id: str, version: int) -> MicroHomeView:
    assert state.opened is not None
    return MicroHomeView(
        **_header(state.opened, "micro_home_id", stream_id, version),
        **_ending(state.closed, "closed", "closed_on", "closure_reason"),
        recognitions=_recognitions(state),
    )
