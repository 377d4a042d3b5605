"""The Member aggregate: an executive member (执委) appointed, her role changed, leaving, erased.

Her personal data comes sealed with the command (the use case seals it with her key): the decider
never sees it in plain text, and `MemberErased` records that the key was destroyed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from niangjia_contracts import (
    DomainEvent,
    EntityId,
    Level,
    MemberAppointed,
    MemberErased,
    MemberLeft,
    MemberRole,
    MemberRoleChanged,
    RegionPath,
    Sealed,
)
from niangjia_contracts.enums import CommunityRole
from niangjia_contracts.members import AppointmentFacts, ErasureFacts, LeavingFacts, RoleChangeFacts
from niangjia_kit.decider import DatedCommand, Decider, dated_by_facts
from niangjia_kit.rules import RuleViolation, not_in_future

from niangjia_orgs.domain.lifecycle import Lifecycle, business_dates
from niangjia_orgs.domain.standing import Standing

MEMBER = Lifecycle("member", started="appointed", ended="left", before_start="before_appointment")

# --- commands ------------------------------------------------------------------------------------


class _Command(DatedCommand):
    member_id: EntityId


class AppointMember(AppointmentFacts, _Command):
    federation: Standing = Standing()
    """The federation's standing, read by the use case."""
    region: RegionPath | None = None
    """The federation's region and level, read by the use case."""
    level: Level | None = None
    personal: Sealed | None = None
    """The personal data, sealed by the use case with the member's key."""


class ChangeMemberRole(RoleChangeFacts, _Command):
    pass


class MemberLeaves(LeavingFacts, _Command):
    pass


class EraseMember(ErasureFacts, _Command):
    pass


MemberCommand = AppointMember | ChangeMemberRole | MemberLeaves | EraseMember


# --- state ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberState:
    appointed: MemberAppointed | None = None
    role: MemberRole | None = None
    community_roles: tuple[CommunityRole, ...] = ()
    term_ends_on: date | None = None
    changes: tuple[MemberRoleChanged, ...] = ()
    left: MemberLeft | None = None
    erased: MemberErased | None = None

    @property
    def region(self) -> str | None:
        return self.appointed.region if self.appointed else None

    @property
    def standing(self) -> Standing:
        """Her time on the committee: appointed on, left on."""
        return Standing(
            started_on=self.appointed.appointed_on if self.appointed else None,
            ended_on=self.left.left_on if self.left else None,
        )


def evolve(state: MemberState, event: DomainEvent) -> MemberState:
    match event:
        case MemberAppointed():
            return replace(
                state,
                appointed=event,
                role=event.role,
                community_roles=event.community_roles,
                term_ends_on=event.term_ends_on,
            )
        case MemberRoleChanged():
            return replace(
                state,
                role=event.role,
                community_roles=event.community_roles,
                term_ends_on=event.term_ends_on,
                changes=(*state.changes, event),
            )
        case MemberLeft():
            return replace(state, left=event)
        case MemberErased():
            return replace(state, erased=event)
    return state


# --- decisions -----------------------------------------------------------------------------------


def _appointment(member_id: str, state: MemberState) -> MemberAppointed:
    """Her appointment: a member never appointed is not found (404)."""
    if state.appointed is None:
        raise MEMBER.not_found(member_id)
    return state.appointed


def _check_serving(command: ChangeMemberRole | MemberLeaves, state: MemberState, day: date, what: str) -> None:
    appointed = _appointment(command.member_id, state)
    if state.left is not None:
        raise RuleViolation(
            "member_left",
            f"member {command.member_id} left on {state.left.left_on}; she cannot be {what}",
            left_on=state.left.left_on.isoformat(),
        )
    last = state.changes[-1].changed_on if state.changes else appointed.appointed_on
    if day < last:
        raise RuleViolation(
            "before_last_change",
            f"member {command.member_id}'s role was last set on {last}; she cannot be {what} on {day}",
            last_changed_on=last.isoformat(),
        )


def _appoint(command: AppointMember, state: MemberState) -> list[DomainEvent]:
    if state.appointed is not None:
        raise RuleViolation(
            "member_already_appointed",
            f"member {command.member_id} was already appointed on {state.appointed.appointed_on}",
        )
    command.federation.check_open_on(
        command.appointed_on, role="member", federation_id=command.federation_id, detail="federation_id"
    )
    assert command.region is not None and command.level is not None and command.personal is not None
    return [MemberAppointed.model_validate(command.model_dump(exclude={"today", "federation"}))]


def _change_role(command: ChangeMemberRole, state: MemberState) -> list[DomainEvent]:
    _check_serving(command, state, command.changed_on, "given a new role")
    if (command.role, command.community_roles, command.term_ends_on) == (
        state.role,
        state.community_roles,
        state.term_ends_on,
    ):
        raise RuleViolation("role_unchanged", f"member {command.member_id} already holds this role and term")
    if command.term_ends_on is not None and command.term_ends_on <= command.changed_on:
        raise RuleViolation("term_ends_before_change", "term_ends_on is not after changed_on")
    return [MemberRoleChanged.model_validate(command.model_dump(exclude={"today"}))]


def _leave(command: MemberLeaves, state: MemberState) -> list[DomainEvent]:
    _check_serving(command, state, command.left_on, "recorded as leaving")
    return [MemberLeft.model_validate(command.model_dump(exclude={"today"}))]


def _erase(command: EraseMember, state: MemberState) -> list[DomainEvent]:
    appointed = _appointment(command.member_id, state)
    if state.erased is not None:
        raise RuleViolation(
            "member_already_erased",
            f"member {command.member_id}'s personal data was already erased on {state.erased.erased_on}",
        )
    key_id = appointed.personal.key_id
    return [MemberErased.model_validate({**command.model_dump(exclude={"today"}), "key_id": key_id})]


def decide(command: MemberCommand, state: MemberState) -> list[DomainEvent]:
    dates = business_dates(command)
    dates.pop("term_ends_on", None)  # a term ends in the future
    not_in_future(command.today, **dates)
    match command:
        case AppointMember():
            return _appoint(command, state)
        case ChangeMemberRole():
            return _change_role(command, state)
        case MemberLeaves():
            return _leave(command, state)
        case EraseMember():
            return _erase(command, state)
        case _:
            assert_never(command)


decider: Decider[MemberCommand, MemberState] = Decider(
    initial_state=MemberState(), decide=decide, evolve=evolve, occurred_on=dated_by_facts
)
"""The Member aggregate."""
