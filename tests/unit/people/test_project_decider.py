"""The Project decider: "one member, one deed" projects pledged and completed."""

from __future__ import annotations

from datetime import date
from typing import Any

from niangjia_contracts import ProjectCompleted, ProjectPledged
from niangjia_kit.testing import given_for
from niangjia_orgs.domain.project import CompleteProject, PledgeProject, decider
from niangjia_orgs.domain.standing import Standing

D = date.fromisoformat
TODAY = D("2025-01-01")
SERVING = Standing(started_on=D("2023-03-08"))


given = given_for(decider)


def pledge(member: Standing = SERVING, **changes: Any) -> PledgeProject:
    fields: dict[str, Any] = {
        "project_id": "p1",
        "member_id": "m1",
        "service_area": "family_education",
        "title": "家风家教讲堂",
        "target": "12 talks in a year",
        "pledged_on": D("2024-02-01"),
        "member": member,
        "federation_id": "hutang",
        "region": "江苏省/常州市/武进区/湖塘镇",
        "today": TODAY,
    }
    return PledgeProject.model_validate({**fields, **changes})


def pledged(**changes: Any) -> ProjectPledged:
    return ProjectPledged.model_validate(pledge(**changes).model_dump(exclude={"member", "today"}))


def complete(**changes: Any) -> CompleteProject:
    fields = {"project_id": "p1", "completed_on": D("2024-11-30"), "outcome": "12 talks held", "today": TODAY}
    return CompleteProject.model_validate({**fields, **changes})


def test_a_serving_member_pledges_a_project_in_a_service_area() -> None:
    given([]).when(pledge()).then([pledged()])


def test_a_project_is_pledged_once() -> None:
    given([pledged()]).when(pledge()).then_raises("project_already_pledged")


def test_the_member_must_have_been_appointed() -> None:
    given([]).when(pledge(member=Standing())).then_raises("member_unknown")


def test_the_member_must_be_serving_on_the_pledge() -> None:
    left = Standing(started_on=D("2023-03-08"), ended_on=D("2024-01-01"))
    given([]).when(pledge(member=left)).then_raises("member_not_serving")
    given([]).when(pledge(pledged_on=D("2023-01-01"))).then_raises("member_not_serving")


def test_a_completion_is_recorded_once_and_not_before_the_pledge() -> None:
    done = ProjectCompleted.model_validate(complete().model_dump(exclude={"today"}))
    given([pledged()]).when(complete()).then([done])
    given([pledged(), done]).when(complete()).then_raises("project_already_completed")
    given([pledged()]).when(complete(completed_on=D("2024-01-01"))).then_raises("before_pledge")
    given([]).when(complete()).then_raises("project_not_found")
