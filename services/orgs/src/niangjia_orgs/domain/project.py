"""The Project aggregate: a "one member, one deed" (一执委一实事) project pledged, then completed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from niangjia_contracts import DomainEvent, EntityId, ProjectCompleted, ProjectPledged, RegionPath
from niangjia_contracts.members import CompletionFacts, PledgeFacts
from niangjia_kit.decider import DatedCommand, Decider, dated_by_facts
from niangjia_kit.rules import RuleViolation, not_in_future

from niangjia_orgs.domain.lifecycle import Lifecycle, business_dates
from niangjia_orgs.domain.standing import Standing

PROJECT = Lifecycle("project", started="pledged", ended="completed", before_start="before_pledge")


class _Command(DatedCommand):
    project_id: EntityId


class PledgeProject(PledgeFacts, _Command):
    member: Standing = Standing()
    """The member's time on the committee, read by the use case."""
    federation_id: EntityId | None = None
    region: RegionPath | None = None
    """The member's federation and region, read by the use case."""


class CompleteProject(CompletionFacts, _Command):
    pass


ProjectCommand = PledgeProject | CompleteProject


@dataclass(frozen=True, slots=True)
class ProjectState:
    pledged: ProjectPledged | None = None
    completed: ProjectCompleted | None = None

    @property
    def region(self) -> str | None:
        return self.pledged.region if self.pledged else None


def evolve(state: ProjectState, event: DomainEvent) -> ProjectState:
    match event:
        case ProjectPledged():
            return replace(state, pledged=event)
        case ProjectCompleted():
            return replace(state, completed=event)
    return state


def _pledge(command: PledgeProject, state: ProjectState) -> list[DomainEvent]:
    if state.pledged is not None:
        raise RuleViolation("project_already_pledged", f"project {command.project_id} was already pledged")
    if not command.member.exists:
        raise RuleViolation(
            "member_unknown", f"member {command.member_id} has not been appointed", member_id=command.member_id
        )
    if not command.member.open_on(command.pledged_on):
        raise RuleViolation(
            "member_not_serving",
            f"member {command.member_id} is not on the committee on {command.pledged_on} "
            f"(appointed {command.member.started_on}, left {command.member.ended_on or 'never'})",
            member_id=command.member_id,
        )
    assert command.federation_id is not None and command.region is not None
    return [ProjectPledged.model_validate(command.model_dump(exclude={"today", "member"}))]


def _complete(command: CompleteProject, state: ProjectState) -> list[DomainEvent]:
    if state.pledged is None:
        raise PROJECT.not_found(command.project_id)
    if state.completed is not None:
        raise RuleViolation(
            "project_already_completed",
            f"project {command.project_id} was already completed on {state.completed.completed_on}",
        )
    if command.completed_on < state.pledged.pledged_on:
        raise RuleViolation(
            "before_pledge",
            f"project {command.project_id} was pledged on {state.pledged.pledged_on}",
            pledged_on=state.pledged.pledged_on.isoformat(),
        )
    return [ProjectCompleted.model_validate(command.model_dump(exclude={"today"}))]


def decide(command: ProjectCommand, state: ProjectState) -> list[DomainEvent]:
    not_in_future(command.today, **business_dates(command))
    match command:
        case PledgeProject():
            return _pledge(command, state)
        case CompleteProject():
            return _complete(command, state)
        case _:
            assert_never(command)


decider: Decider[ProjectCommand, ProjectState] = Decider(
    initial_state=ProjectState(), decide=decide, evolve=evolve, occurred_on=dated_by_facts
)
"""The Project aggregate."""
