"""The shapes of the demo data set: what to record, in the words of the services' HTTP APIs.

A record's fields are, in order, the fields of the body it is recorded with, apart from the ones
that address it (its place, and the id of the entity a follow-up record is about, which goes in the
path) and `late`; its `id` is named after what it identifies in the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar


class Record:
    """A row of one of the data set's tables."""

    __slots__ = ()
    BODY_ID: ClassVar[str] = "id"
    """The body's name for an `id` field."""
    NOT_IN_BODY: ClassVar[frozenset[str]] = frozenset({"place"})

    def body(self) -> dict[str, Any]:
        """The JSON body of the command that records it: dates as ISO days, amounts as strings."""
        return {
            self.BODY_ID if f.name == "id" else f.name: _json(getattr(self, f.name))
            for f in fields(self)  # type: ignore[arg-type]  # every subclass is a dataclass
            if f.name not in self.NOT_IN_BODY
        }


def _json(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity(Record):
    """A record that founds, opens or holds something: its own id, and the place that records it."""

    id: str
    place: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A county whose report the data set reproduces, and the recorder who types its records in."""

    key: str
    region: str
    recorder: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Federation(Entity):
    BODY_ID: ClassVar[str] = "federation_id"

    name: str
    kind: str
    domain: str
    level: str
    region: str
    host_organisation: str
    guided_by: str | None = None
    founded_on: date
    women_members: int
    executive_members: int = 0
    organisations_covered: int = 1
    leadership_elected_on: date | None = None
    chamber_origin: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MicroHome(Entity):
    BODY_ID: ClassVar[str] = "micro_home_id"

    name: str
    setting: str
    region: str
    host_federation_id: str
    opened_on: date
    theme: str | None = None
    members: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity(Entity):
    BODY_ID: ClassVar[str] = "activity_id"
    NOT_IN_BODY: ClassVar[frozenset[str]] = frozenset({"place", "late"})

    organiser_id: str
    held_on: date
    title: str
    campaign: str | None = None
    service_area: str | None = None
    people_served: int
    volunteers: int
    goods_value_yuan: Decimal
    location: str | None = None
    late: bool = False
    """Recorded in the second phase, after the rest: absent from reports known before it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FederationFollowUp(Record):
    """A record about a federation already founded: its id and the place are not in the body."""

    NOT_IN_BODY: ClassVar[frozenset[str]] = frozenset({"federation_id", "place"})

    federation_id: str
    place: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityFollowUp(Record):
    """A record about an activity already held: its id and the place are not in the body."""

    NOT_IN_BODY: ClassVar[frozenset[str]] = frozenset({"activity_id", "place"})

    activity_id: str
    place: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Inspection(FederationFollowUp):
    inspected_on: date
    finding: str
    remark: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Recognition(Record):
    NOT_IN_BODY: ClassVar[frozenset[str]] = frozenset({"target", "entity_id", "place"})

    target: str
    """`federation` or `micro_home`."""
    entity_id: str
    place: str
    recognised_on: date
    level: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Dissolution(FederationFollowUp):
    dissolved_on: date
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction(ActivityFollowUp):
    """A recorded activity corrected later (the second phase): only the changed fields."""

    changes: dict[str, Any]
    reason: str

    def body(self) -> dict[str, Any]:
        return {**self.changes, "reason": self.reason}


@dataclass(frozen=True, slots=True, kw_only=True)
class Retraction(ActivityFollowUp):
    """An activity recorded twice by mistake, retracted later (the second phase)."""

    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Member(Entity):
    """An executive member; her personal fields go into the body's `personal` (sealed by the service)."""

    BODY_ID: ClassVar[str] = "member_id"
    PERSONAL: ClassVar[tuple[str, ...]] = ("name", "mobile", "employer", "title")

    federation_id: str
    role: str
    community_role: str | None = None
    appointed_on: date
    name: str
    mobile: str | None = None
    employer: str | None = None
    title: str | None = None

    def body(self) -> dict[str, Any]:
        flat = Record.body(self)
        personal = {name: flat.pop(name) for name in self.PERSONAL if flat.get(name) is not None}
        for name in self.PERSONAL:
            flat.pop(name, None)
        role = flat.pop("community_role")
        return {**flat, "community_roles": [role] if role else [], "personal": personal}


@dataclass(frozen=True, slots=True, kw_only=True)
class Project(Entity):
    """A "one member, one deed" project, pledged and (when `completed_on` is given) completed."""

    BODY_ID: ClassVar[str] = "project_id"
    NOT_IN_BODY: ClassVar[frozenset[str]] = frozenset({"place", "completed_on", "outcome"})

    member_id: str
    service_area: str
    title: str
    target: str
    pledged_on: date
    completed_on: date | None = None
    outcome: str | None = None


RECORDS: dict[str, type[Record]] = {
    "federations": Federation,
    "micro_homes": MicroHome,
    "activities": Activity,
    "inspections": Inspection,
    "recognitions": Recognition,
    "dissolutions": Dissolution,
    "corrections": Correction,
    "retractions": Retraction,
    "members": Member,
    "projects": Project,
}
"""The data set's tables, by the name of its list of them, in the order they are read."""


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
    members: list[Member] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def federation(self, federation_id: str) -> Federation:
        return next(f for f in self.federations if f.id == federation_id)

    def records(self, kind: str) -> list[Record]:
        """The records of one table, `kind` being a key of `RECORDS`."""
        records: list[Record] = getattr(self, kind)
        return records

    @property
    def size(self) -> int:
        """How many commands loading the data set sends."""
        completions = sum(1 for p in self.projects if p.completed_on is not None)  # a second command each
        return sum(len(self.records(kind)) for kind in RECORDS) + completions
