"""The people of a federation: executive members (执委) and their "one member, one deed" projects.

A person's name, mobile number, employer and title never stand in an event in plain text: they are
sealed (AES-256-GCM) with a data key of that person, held in a key store apart from the events, and
the event carries only the ciphertext and the key id (`Sealed`). Erasing the person destroys the key
(crypto-shredding) and records `MemberErased`, which carries no personal data: not one stored byte
of the log changes, so the ledger still verifies.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WrapValidator, model_validator

from niangjia_contracts.enums import CommunityRole, ErasureReason, LeavingReason, Level, MemberRole, ServiceArea
from niangjia_contracts.events import DomainEvent
from niangjia_contracts.strict import told_as
from niangjia_contracts.types import BusinessDate, EntityId, Name, RegionPath, Text

__all__ = [
    "ERASED",
    "MemberAppointed",
    "MemberErased",
    "MemberLeft",
    "MemberRoleChanged",
    "PersonalData",
    "ProjectCompleted",
    "ProjectPledged",
    "Sealed",
]

ERASED = "已删除"
"""What a reader sees in place of a personal field once the person has been erased."""


Mobile = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{5,19}$"),
    WrapValidator(told_as("mobile_number", "a mobile number is 6 to 20 digits, spaces or dashes, after an optional +")),
]


class PersonalData(BaseModel):
    """A member's personal fields: what is sealed, never stored in plain text."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    mobile: Mobile | None = None
    employer: Name | None = None
    title: Name | None = None


class Sealed(BaseModel):
    """Personal data sealed with a person's data key: AES-256-GCM, the nonce before the ciphertext,
    base64url; the member id is the associated data, so a blob cannot be moved to another member."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Literal["AES-256-GCM"] = "AES-256-GCM"
    key_id: EntityId = Field(description="The data key's id in the key store (the person's pseudonym)")
    ciphertext: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{40,4000}={0,2}$")]


class _Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    dated_by: ClassVar[str | None] = None
    """The field of the facts' business date (`appointed_on`, ...): an event's `occurred_on`."""


class AppointmentFacts(_Facts):
    """An appointment to a federation's executive committee (the personal data apart)."""

    federation_id: EntityId
    role: MemberRole
    community_roles: tuple[CommunityRole, ...] = ()
    dated_by = "appointed_on"
    appointed_on: BusinessDate = Field(description="The start of the term")
    term_ends_on: BusinessDate | None = None

    @model_validator(mode="after")
    def _term(self) -> Self:
        if self.term_ends_on is not None and self.term_ends_on <= self.appointed_on:
            raise ValueError("term_ends_on is not after appointed_on")
        if len(set(self.community_roles)) != len(self.community_roles):
            raise ValueError("community_roles repeats a role")
        return self


class RoleChangeFacts(_Facts):
    role: MemberRole
    community_roles: tuple[CommunityRole, ...] = ()
    dated_by = "changed_on"
    changed_on: BusinessDate
    term_ends_on: BusinessDate | None = None


class LeavingFacts(_Facts):
    dated_by = "left_on"
    left_on: BusinessDate
    reason: LeavingReason


class ErasureFacts(_Facts):
    dated_by = "erased_on"
    erased_on: BusinessDate
    reason: ErasureReason


class MemberEvent(DomainEvent, category="member", source="orgs", id_field="member_id"):
    member_id: EntityId


class MemberAppointed(AppointmentFacts, MemberEvent):
    """An executive member (执委) was appointed; her personal data is sealed."""

    region: RegionPath = Field(description="The federation's region")
    level: Level = Field(description="The federation's level")
    personal: Sealed


class MemberRoleChanged(RoleChangeFacts, MemberEvent):
    """The member's role or community roles changed (a new term, a promotion)."""


class MemberLeft(LeavingFacts, MemberEvent):
    """The member left the executive committee; her record stays."""


class MemberErased(ErasureFacts, MemberEvent):
    """The member's personal data was erased: her data key was destroyed. Carries no personal data."""

    key_id: EntityId


class PledgeFacts(_Facts):
    """A "one member, one deed" (一执委一实事) project pledged by an executive member."""

    member_id: EntityId
    service_area: ServiceArea
    title: Name
    target: Text = Field(description="What the project sets out to achieve")
    dated_by = "pledged_on"
    pledged_on: BusinessDate


class CompletionFacts(_Facts):
    dated_by = "completed_on"
    completed_on: BusinessDate
    outcome: Text


class ProjectEvent(DomainEvent, category="project", source="orgs", id_field="project_id"):
    project_id: EntityId


class ProjectPledged(PledgeFacts, ProjectEvent):
    """An executive member pledged a project in one of the five service areas."""

    federation_id: EntityId
    region: RegionPath


class ProjectCompleted(CompletionFacts, ProjectEvent):
    """The project reached its target."""


MEMBER_EVENT_CLASSES: tuple[type[DomainEvent], ...] = (
    MemberAppointed,
    MemberRoleChanged,
    MemberLeft,
    MemberErased,
    ProjectPledged,
    ProjectCompleted,
)
