"""The MicroHome aggregate: open, recognise, close."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import assert_never

from niangjia_contracts import (
    DomainEvent,
    EntityId,
    MicroHomeClosed,
    MicroHomeOpened,
    MicroHomeRecognised,
)
from niangjia_contracts.events import ClosureFacts, MicroHomeFacts, RecognitionFacts
from niangjia_kit.decider import DatedCommand, Decider, dated_by_facts
from niangjia_kit.rules import not_in_future

from niangjia_orgs.domain.lifecycle import Lifecycle, business_dates
from niangjia_orgs.domain.standing import Standing

MICRO_HOME = Lifecycle("micro-home", started="opened", ended="closed", before_start="before_opening")

# --- commands: the contracts' facts, with the micro-home, today's date and facts from elsewhere --


class _Command(DatedCommand):
    micro_home_id: EntityId


class OpenMicroHome(MicroHomeFacts, _Command):
    host: Standing = Standing()
    """The host federation's standing, read by the use case."""


class RecogniseMicroHome(RecognitionFacts, _Command):
    pass


class CloseMicroHome(ClosureFacts, _Command):
    pass


MicroHomeCommand = OpenMicroHome | RecogniseMicroHome | CloseMicroHome


# --- state -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MicroHomeState:
    opened: MicroHomeOpened | None = None
    recognitions: tuple[MicroHomeRecognised, ...] = ()
    closed: MicroHomeClosed | None = None

    @property
    def region(self) -> str | None:
        return self.opened.region if self.opened else None

    @property
    def standing(self) -> Standing:
        return Standing(
            started_on=self.opened.opened_on if self.opened else None,
            ended_on=self.closed.closed_on if self.closed else None,
            region=self.region,
        )


def evolve(state: MicroHomeState, event: DomainEvent) -> MicroHomeState:
    match event:
        case MicroHomeOpened():
            return replace(state, opened=event)
        case MicroHomeRecognised():
            return replace(state, recognitions=(*state.recognitions, event))
        case MicroHomeClosed():
            return replace(state, closed=event)
    return state


# --- decisions ---------------------------------------------------------------------------------


def decide(command: MicroHomeCommand, state: MicroHomeState) -> list[DomainEvent]:
    not_in_future(command.today, **business_dates(command))
    standing = state.standing
    match command:
        case OpenMicroHome():
            MICRO_HOME.check_not_started(command.micro_home_id, standing)
            command.host.check_open_on(
                command.opened_on, role="host", federation_id=command.host_federation_id, detail="host_federation_id"
            )
            command.host.check_contains(
                command.region, role="host", federation_id=command.host_federation_id, detail="host_federation_id"
            )
            return [MicroHomeOpened.model_validate(_facts(command))]
        case RecogniseMicroHome():
            MICRO_HOME.check_open(command.micro_home_id, standing, command.recognised_on, "recognised")
            return [MicroHomeRecognised.model_validate(_facts(command))]
        case CloseMicroHome():
            MICRO_HOME.check_may_end(command.micro_home_id, standing, command.closed_on)
            return [MicroHomeClosed.model_validate(_facts(command))]
        case _:
            assert_never(command)


def _facts(command: MicroHomeCommand) -> dict[str, object]:
    """The command's micro-home and facts: what its event records."""
    return command.model_dump(exclude={"today", "host"})


decider: Decider[MicroHomeCommand, MicroHomeState] = Decider(
    initial_state=MicroHomeState(), decide=decide, evolve=evolve, occurred_on=dated_by_facts
)
"""The MicroHome aggregate."""
