"""The Project decider: "one member, one deed" projects pledged and completed."""

from __future__ import annotations

import pytest
from niangjia_contracts import DomainEvent, ProjectCompleted, ProjectPledged
from niangjia_kit.testing import given_for, maker, recorded
from niangjia_orgs.domain.project import CompleteProject, PledgeProject, decider
from niangjia_orgs.domain.standing import Standing

from tests.unit.orgs.dates import TODAY, D
from tests.unit.people.appointment import read_for_a_pledge

given = given_for(decider)


pledge = maker(
    PledgeProject,
    project_id="p1",
    member_id="m1",
    service_area="family_education",
    title="家风家教讲堂",
    target="12 talks in a year",
    pledged_on=D("2024-02-01"),
    today=TODAY,
    **read_for_a_pledge(),
)


pledged = recorded(ProjectPledged, pledge, read={"member", "today"})


complete = maker(CompleteProject, project_id="p1", completed_on=D("2024-11-30"), outcome="12 talks held", today=TODAY)
completed = recorded(ProjectCompleted, complete, read={"today"})


def test_a_serving_member_pledges_a_project_in_a_service_area() -> None:
    given([]).when(pledge()).then([pledged()])


@pytest.mark.parametrize(
    ("history", "command", "code"),
    [
        pytest.param([pledged()], pledge(), "project_already_pledged", id="a project is pledged once"),
        pytest.param([], pledge(member=Standing()), "member_unknown", id="the member was never appointed"),
        pytest.param(
            [],
            pledge(member=Standing(started_on=D("2023-03-08"), ended_on=D("2024-01-01"))),
            "member_not_serving",
            id="the member left before the pledge",
        ),
        pytest.param(
            [], pledge(pledged_on=D("2023-01-01")), "member_not_serving", id="the pledge is before her appointment"
        ),
    ],
)
def test_a_pledge_is_refused(history: list[DomainEvent], command: PledgeProject, code: str) -> None:
    given(history).when(command).then_raises(code)


def test_a_completion_is_recorded_once_and_not_before_the_pledge() -> None:
    done = completed()
    given([pledged()]).when(complete()).then([done])
    given([pledged(), done]).when(complete()).then_raises("project_already_completed")
    given([pledged()]).when(complete(completed_on=D("2024-01-01"))).then_raises("before_pledge")
    given([]).when(complete()).then_raises("project_not_found")
