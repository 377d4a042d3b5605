"""What `GET /members/{id}` and `GET /projects/{id}` answer: state folded from the stream, the
personal data opened only for a reader allowed to see it (and the read recorded)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from niangjia_contracts import (
    CommunityRole,
    ErasureReason,
    LeavingReason,
    Level,
    MemberRole,
    ProjectStatus,
    ServiceArea,
)
from niangjia_kit.auth import Principal
from niangjia_kit.keystore import KeyStore
from niangjia_kit.personal import Disclosure, PersonalView
from pydantic import BaseModel, Field

from niangjia_orgs.domain.member import MemberState
from niangjia_orgs.domain.project import ProjectState


class MemberView(BaseModel):
    id: str = Field(description="The member's id: her pseudonym")
    stream_id: str
    stream_version: int
    status: Literal["serving", "left"]
    federation_id: str
    region: str
    level: Level
    role: MemberRole
    community_roles: list[CommunityRole]
    appointed_on: date
    term_ends_on: date | None
    left_on: date | None
    leaving_reason: LeavingReason | None
    erased: bool
    erased_on: date | None
    erasure_reason: ErasureReason | None
    personal: PersonalView | None = Field(
        description="Only for the admin and recorders of her region; every field 已删除 once erased"
    )


class ProjectView(BaseModel):
    id: str
    stream_id: str
    stream_version: int
    status: ProjectStatus
    member_id: str
    federation_id: str
    region: str
    service_area: ServiceArea
    title: str
    target: str
    pledged_on: date
    completed_on: date | None
    outcome: str | None


def member_view(state: MemberState, stream_id: str, version: int, keys: KeyStore, principal: Principal) -> MemberView:
    appointed = state.appointed
    assert appointed is not None and state.role is not None
    disclosure = Disclosure(keys, principal, "get_member")
    personal = disclosure.open(appointed.member_id, appointed.region, appointed.personal, state.erased is not None)
    disclosure.close()
    left, erased = state.left, state.erased
    return MemberView(
        id=appointed.member_id,
        stream_id=stream_id,
        stream_version=version,
        status="left" if left else "serving",
        federation_id=appointed.federation_id,
        region=appointed.region,
        level=appointed.level,
        role=state.role,
        community_roles=list(state.community_roles),
        appointed_on=appointed.appointed_on,
        term_ends_on=state.term_ends_on,
        left_on=left.left_on if left else None,
        leaving_reason=left.reason if left else None,
        erased=erased is not None,
        erased_on=erased.erased_on if erased else None,
        erasure_reason=erased.reason if erased else None,
        personal=personal,
    )


def project_view(state: ProjectState, stream_id: str, version: int) -> ProjectView:
    pledged, completed = state.pledged, state.completed
    assert pledged is not None
    return ProjectView(
        **pledged.model_dump(exclude={"project_id"}),
        id=pledged.project_id,
        stream_id=stream_id,
        stream_version=version,
        status=ProjectStatus.COMPLETED if completed else ProjectStatus.PLEDGED,
        completed_on=completed.completed_on if completed else None,
        outcome=completed.outcome if completed else None,
    )
