"""The domain events: frozen, keyword-only pydantic models with stable type names.

Each event names its stream category (`federation`, `micro_home`, `care_activity`) and the
service that records it. Stream ids are `{category}-{id}`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from niangjia_contracts.enums import (
    SECTOR_OF_DOMAIN,
    Campaign,
    ChamberOrigin,
    Domain,
    FederationKind,
    InspectionFinding,
    Level,
    MicroHomeSetting,
    OrganiserKind,
    RecognitionLevel,
    Sector,
    ServiceArea,
)
from niangjia_contracts.names import campaign_mismatch
from niangjia_contracts.types import BusinessDate, CorrectableField, Count, EntityId, Name, RegionPath, Text, Yuan

__all__ = [
    "CareActivityCorrected",
    "CareActivityHeld",
    "CareActivityRetracted",
    "DomainEvent",
    "FederationDissolved",
    "FederationFounded",
    "FederationInspected",
    "FederationRecognised",
    "MicroHomeClosed",
    "MicroHomeOpened",
    "MicroHomeRecognised",
]

_DOMAIN_VALUES = frozenset(d.value for d in Domain)
_SECTOR_BY_DOMAIN: dict[str, Sector] = {domain.value: sector for domain, sector in SECTOR_OF_DOMAIN.items()}
"""The glossary's sector of a domain, by the domain's value (Domain(value).sector without the enum call)."""
_CAMPAIGN_OF_MONTH = (None, *(Campaign.of_date(date(2000, month, 1)) for month in range(1, 13)))
"""Each month's campaign, by the month's number (Campaign.of_date, looked up once per event)."""


class DomainEvent(BaseModel):
    """Base of every event: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    event_type: ClassVar[str]
    """The event's stable type name in the store and on the wire: its class's name (the committed
    schemas under contracts/schemas pin each one, so a renamed class shows as a changed contract)."""
    schema_version: ClassVar[int] = 1
    category: ClassVar[str]
    """The kind of entity whose stream holds the event (`federation`, ...)."""
    source: ClassVar[str]
    """The service that records it."""
    id_field: ClassVar[str]
    """The field that holds the entity's id (`federation_id`, ...): the stream is `{category}-{id}`."""

    def __init_subclass__(
        cls, *, category: str | None = None, source: str | None = None, id_field: str | None = None, **kwargs: Any
    ) -> None:
        """A stream's base names its stream in the class line (`class FederationEvent(DomainEvent,
        category="federation", source="orgs", id_field="federation_id")`); its events inherit it."""
        super().__init_subclass__(**kwargs)
        cls.event_type = cls.__name__
        if category is not None:
            cls.category = category
        if source is not None:
            cls.source = source
        if id_field is not None:
            cls.id_field = id_field

    @property
    def entity_id(self) -> str:
        value: str = getattr(self, self.id_field)
        return value

    @property
    def stream_id(self) -> str:
        return f"{self.category}-{self.entity_id}"


# --- federations: each list of facts is written once, as a `...Facts` model; the event records it,
# the orgs service's command and request body carry it ---------------------------------------


class _Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    dated_by: ClassVar[str | None] = None
    """The field of the facts' business date (`founded_on`, ...): an event's `occurred_on`."""


class FederationFacts(_Facts):
    """The facts of a founding (the federation's id is the subclass's: optional in a request)."""

    name: Name
    kind: FederationKind
    domain: Domain
    level: Level
    region: RegionPath
    host_organisation: Name
    guided_by: EntityId | None = Field(default=None, description='The guiding federation ("1+N")')
    dated_by = "founded_on"
    founded_on: BusinessDate
    women_members: Count
    executive_members: Count = 0
    organisations_covered: Count = Field(default=1, description="Organisations and groups it covers")
    leadership_elected_on: BusinessDate | None = None
    chamber_origin: ChamberOrigin | None = Field(default=None, description="Chambers of commerce only; null: not said")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.chamber_origin is not None and self.domain is not Domain.CHAMBER_OF_COMMERCE:
            raise ValueError("chamber_origin is only for the chamber_of_commerce domain")
        if self.leadership_elected_on is not None and self.leadership_elected_on < self.founded_on:
            raise ValueError("leadership_elected_on is before founded_on")
        if self.guided_by is not None and self.guided_by == getattr(self, "federation_id", None):
            raise ValueError("a federation cannot guide itself")
        return self


class InspectionFacts(_Facts):
    """What a follow-up inspection found."""

    dated_by = "inspected_on"
    inspected_on: BusinessDate
    finding: InspectionFinding
    remark: Text | None = None


class RecognitionFacts(_Facts):
    """A demonstration-site title, for a federation or a micro-home."""

    dated_by = "recognised_on"
    recognised_on: BusinessDate
    level: RecognitionLevel
    title: Name


class DissolutionFacts(_Facts):
    dated_by = "dissolved_on"
    dissolved_on: BusinessDate
    reason: Text


class FederationEvent(DomainEvent, category="federation", source="orgs", id_field="federation_id"):
    federation_id: EntityId


class FederationFounded(FederationFacts, FederationEvent):
    """A federation, committee or group was founded (建会)."""

    schema_version: ClassVar[int] = 2  # v2: chamber_origin (v1 events read as not recorded)
    sector: Sector | None = Field(
        default=None, description="Follows from the domain; null for domains outside the three sectors"
    )

    @model_validator(mode="before")
    @classmethod
    def _sector_follows_domain(cls, data: Any) -> Any:
        if isinstance(data, dict) and "domain" in data:
            domain = data["domain"]
            if not isinstance(domain, str) or domain not in _DOMAIN_VALUES:
                return data  # the field validator reports the unknown domain
            expected = _SECTOR_BY_DOMAIN.get(domain)
            given = data.get("sector")
            if given is None:
                return {**data, "sector": expected}
            if given != expected:
                raise ValueError(f"sector {given!r} does not match domain {data['domain']!r} (expected {expected})")
        return data


class FederationInspected(InspectionFacts, FederationEvent):
    """A follow-up inspection (动态跟踪) found the federation active, weak or dormant."""


class FederationRecognised(RecognitionFacts, FederationEvent):
    """The federation was recognised as a demonstration site (示范点)."""


class FederationDissolved(DissolutionFacts, FederationEvent):
    """The federation was dissolved."""


# --- micro-homes -------------------------------------------------------------------------------


class MicroHomeFacts(_Facts):
    """The facts of a micro-home's opening (its id is the subclass's: optional in a request)."""

    name: Name
    setting: MicroHomeSetting
    region: RegionPath
    host_federation_id: EntityId
    dated_by = "opened_on"
    opened_on: BusinessDate
    theme: Name | None = None
    members: Count = 0


class ClosureFacts(_Facts):
    dated_by = "closed_on"
    closed_on: BusinessDate
    reason: Text


class MicroHomeEvent(DomainEvent, category="micro_home", source="orgs", id_field="micro_home_id"):
    micro_home_id: EntityId


class MicroHomeOpened(MicroHomeFacts, MicroHomeEvent):
    """A women's micro-home (妇女微家) opened, hosted by a federation."""


class MicroHomeRecognised(RecognitionFacts, MicroHomeEvent):
    """The micro-home was recognised as a demonstration site."""


class MicroHomeClosed(ClosureFacts, MicroHomeEvent):
    """The micro-home closed."""


# --- care activities ---------------------------------------------------------------------------


class CareActivityEvent(DomainEvent, category="care_activity", source="activities", id_field="activity_id"):
    activity_id: EntityId


class CareActivityFacts(CareActivityEvent):
    """The facts of a care activity, as held or as corrected (the whole record, not a diff)."""

    organiser_id: EntityId
    organiser_kind: OrganiserKind
    region: RegionPath = Field(description="The organiser's region when the event was recorded")
    held_on: BusinessDate
    title: Name
    campaign: Campaign | None = Field(default=None, description="Must be the theme of held_on's quarter")
    service_area: ServiceArea | None = None
    people_served: Count
    volunteers: Count
    goods_value_yuan: Yuan
    location: Name | None = None

    @model_validator(mode="after")
    def _campaign_matches_quarter(self) -> CareActivityFacts:
        if self.campaign is not None and self.campaign is not _CAMPAIGN_OF_MONTH[self.held_on.month]:
            raise ValueError(campaign_mismatch(self.campaign, self.held_on))
        return self


class CareActivityHeld(CareActivityFacts):
    """A care activity (关爱服务) was held."""


class CareActivityCorrected(CareActivityFacts):
    """A recorded care activity was corrected; the event carries the whole corrected record."""

    corrected_fields: tuple[CorrectableField, ...] = Field(min_length=1)
    reason: Text


class CareActivityRetracted(CareActivityEvent):
    """A recorded care activity was retracted: it should not have been recorded."""

    reason: Text


EVENT_CLASSES: tuple[type[DomainEvent], ...] = (
    FederationFounded,
    FederationInspected,
    FederationRecognised,
    FederationDissolved,
    MicroHomeOpened,
    MicroHomeRecognised,
    MicroHomeClosed,
    CareActivityHeld,
    CareActivityCorrected,
    CareActivityRetracted,
)
