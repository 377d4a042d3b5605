"""The shapes of the demo data set: what to record, in the words of the services' HTTP APIs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A county whose report the data set reproduces, and the recorder who types its records in."""

    key: str
    region: str
    recorder: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Federation:
    id: str
    place: str
    name: str
    kind: str
    domain: str
    level: str
    region: str
    host_organisation: str
    founded_on: date
    women_members: int
    executive_members: int = 0
    organisations_covered: int = 1
    guided_by: str | None = None
    leadership_elected_on: date | None = None

    def body(self) -> dict[str, Any]:
        return {
            "federation_id": self.id,
            "name": self.name,
            "kind": self.kind,
            "domain": self.domain,
            "level": self.level,
            "region": self.region,
            "host_organisation": self.host_organisation,
            "guided_by": self.guided_by,
            "founded_on": self.founded_on.isoformat(),
            "women_members": self.women_members,
            "executive_members": self.executive_members,
            "organisations_covered": self.organisations_covered,
            "leadership_elected_on": _iso(self.leadership_elected_on),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class MicroHome:
    id: str
    place: str
    name: str
    setting: str
    region: str
    host_federation_id: str
    opened_on: date
    theme: str | None = None
    members: int = 0

    def body(self) -> dict[str, Any]:
        return {
            "micro_home_id": self.id,
            "name": self.name,
            "setting": self.setting,
            "region": self.region,
            "host_federation_id": self.host_federation_id,
            "opened_on": self.opened_on.isoformat(),
            "theme": self.theme,
            "members": self.members,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    id: str
    place: str
    organiser_id: str
    held_on: date
    title: str
    people_served: int
    volunteers: int
    goods_value_yuan: Decimal
    campaign: str | None = None
    service_area: str | None = None
    location: str | None = None
    late: bool = False
    """Recorded in the second phase, after the rest: absent from reports known before it."""

    def body(self) -> dict[str, Any]:
        return {
            "activity_id": self.id,
            "organiser_id": self.organiser_id,
            "held_on": self.held_on.isoformat(),
            "title": self.title,
            "campaign": self.campaign,
            "service_area": self.service_area,
            "people_served": self.people_served,
            "volunteers": self.volunteers,
            "goods_value_yuan": str(self.goods_value_yuan),
            "location": self.location,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Inspection:
    federation_id: str
    place: str
    inspected_on: date
    finding: str
    remark: str | None = None

    def body(self) -> dict[str, Any]:
        return {"inspected_on": self.inspected_on.isoformat(), "finding": self.finding, "remark": self.remark}


@dataclass(frozen=True, slots=True, kw_only=True)
class Recognition:
    target: str
    """`federation` or `micro_home`."""
    entity_id: str
    place: str
    recognised_on: date
    level: str
    title: str

    def body(self) -> dict[str, Any]:
        return {"recognised_on": self.recognised_on.isoformat(), "level": self.level, "title": self.title}


@dataclass(frozen=True, slots=True, kw_only=True)
class Dissolution:
    federation_id: str
    place: str
    dissolved_on: date
    reason: str

    def body(self) -> dict[str, Any]:
        return {"dissolved_on": self.dissolved_on.isoformat(), "reason": self.reason}


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """A recorded activity corrected later (the second phase): only the changed fields."""

    activity_id: str
    place: str
    changes: dict[str, Any]
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Retraction:
    """An activity recorded twice by mistake, retracted later (the second phase)."""

    activity_id: str
    place: str
    reason: str


@dataclass(slots=True)
class DataSet:
    places: dict[str, Place] = field(default_factory=dict)
    federations: list[Federation] = field(default_factory=list)
    micro_homes: list[MicroHome] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)
    dissolutions: list[Dissolution] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    retractions: list[Retraction] = field(default_factory=list)

    def federation(self, federation_id: str) -> Federation:
        return next(f for f in self.federations if f.id == federation_id)

    @property
    def size(self) -> int:
        """How many commands loading the data set sends."""
        return (
            len(self.federations)
            + len(self.micro_homes)
            + len(self.activities)
            + len(self.inspections)
            + len(self.recognitions)
            + len(self.dissolutions)
            + len(self.corrections)
            + len(self.retractions)
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
