"""The Member decider: appointments, role changes, terms, leaving and erasure."""

from __future__ import annotations

from typing import Any

import pytest
from niangjia_contracts import DomainEvent, MemberErased, MemberLeft, MemberRoleChanged
from niangjia_kit.rules import InvalidRequest
from niangjia_kit.testing import given_for, maker
from niangjia_orgs.domain.member import (
    AppointMember,
    ChangeMemberRole,
    EraseMember,
    MemberCommand,
    MemberLeaves,
    decider,
)
from niangjia_orgs.domain.standing import Standing

from tests.unit.orgs.dates import TODAY, D
from tests.unit.people.appointment import appoint, appointed

given = given_for(decider)


change = maker(ChangeMemberRole, member_id="m1", role="vice_chair", changed_on=D("2024-01-01"), today=TODAY)
leave = maker(MemberLeaves, member_id="m1", left_on=D("2024-06-01"), reason="resigned", today=TODAY)
erase = maker(EraseMember, member_id="m1", erased_on=D("2024-12-01"), reason="person_requested", today=TODAY)


def event(kind: type[DomainEvent], command: MemberCommand, **extra: Any) -> DomainEvent:
    return kind.model_validate({**command.model_dump(exclude={"today"}), **extra})


def test_an_appointment_to_an_open_federation_records_the_sealed_personal_data() -> None:
    given([]).when(appoint()).then([appointed()])


def test_a_term_may_end_in_the_future() -> None:
    given([]).when(appoint(term_ends_on=D("2030-01-01"))).then([appointed(term_ends_on=D("2030-01-01"))])


def test_an_appointment_may_not_be_dated_after_today() -> None:
    error = given([]).when(appoint(appointed_on=D("2025-02-01"), term_ends_on=None)).then_raises("invalid_request")
    assert isinstance(error, InvalidRequest)


@pytest.mark.parametrize(
    ("history", "command", "code"),
    [
        pytest.param([appointed()], appoint(), "member_already_appointed", id="a member is appointed once"),
        pytest.param(
            [], appoint(federation=Standing()), "member_federation_unknown", id="the federation was never founded"
        ),
        pytest.param(
            [],
            appoint(federation=Standing(started_on=D("2022-05-01"), ended_on=D("2023-01-01"))),
            "member_federation_not_open",
            id="the federation is closed on the appointment",
        ),
    ],
)
def test_an_appointment_is_refused(history: list[DomainEvent], command: AppointMember, code: str) -> None:
    given(history).when(command).then_raises(code)


def test_a_role_change_records_the_new_role_and_term() -> None:
    command = change(community_roles=["party_group_leader"], term_ends_on=D("2029-01-01"))
    given([appointed()]).when(command).then([event(MemberRoleChanged, command)])


def test_the_same_role_and_term_again_is_refused() -> None:
    same = change(role="executive_member", community_roles=["grid_leader"], term_ends_on=D("2028-03-08"))
    given([appointed()]).when(same).then_raises("role_unchanged")


def test_a_role_change_before_the_last_one_is_refused() -> None:
    first = change()
    given([appointed(), event(MemberRoleChanged, first)]).when(
        change(role="chair", changed_on=D("2023-12-01"))
    ).then_raises("before_last_change")


def test_a_role_change_of_an_unknown_member_is_not_found() -> None:
    given([]).when(change()).then_raises("member_not_found")


def test_a_member_leaves_once() -> None:
    left = event(MemberLeft, leave())
    given([appointed()]).when(leave()).then([left])
    given([appointed(), left]).when(leave()).then_raises("member_left")
    given([appointed(), left]).when(change()).then_raises("member_left")


def test_leaving_before_the_appointment_is_refused() -> None:
    given([appointed()]).when(leave(left_on=D("2023-01-01"))).then_raises("before_last_change")


def test_an_erasure_names_the_destroyed_key_and_nothing_personal() -> None:
    erased = event(MemberErased, erase(), key_id="m1")
    given([appointed()]).when(erase()).then([erased])
    assert "personal" not in erased.model_dump()


def test_an_erasure_after_leaving_is_allowed_and_happens_once() -> None:
    left, erased = event(MemberLeft, leave()), event(MemberErased, erase(), key_id="m1")
    given([appointed(), left]).when(erase()).then([erased])
    given([appointed(), left, erased]).when(erase()).then_raises("member_already_erased")
    given([]).when(erase()).then_raises("member_not_found")
