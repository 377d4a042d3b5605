"""The MicroHome aggregate: open, recognise, close."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import assert_never

from niangjia_contracts import (
    DomainEvent,
    EntityId,
    MicroHomeClosed,
    MicroHomeOpened,
    MicroHomeRecognised,
    MicroHomeSetting,
    RecognitionLevel,
    RegionPath,
)
from niangjia_contracts.types import Count, Name, Text
from niangjia_kit.decider import Decider
from niangjia_kit.rules import NotFound, RuleViolation
from pydantic import BaseModel, ConfigDict

from niangjia_orgs.domain.standing import Standing

# --- commands ----------------------------------------------------------------------------------


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    micro_home_id: EntityId


class OpenMicroHome(_Command):
    name: Name
    setting: MicroHomeSetting
    region: RegionPath
    host_federation_id: EntityId
    opened_on: date
    theme: Name | None = None
    members: Count = 0
    host: Standing = Standing()
    """The host federation's standing, read by the handler."""


class RecogniseMicroHome(_Command):
    recognised_on: date
    level: RecognitionLevel
    title: Name


class CloseMicroHome(_Command):
    closed_on: date
    reason: Text


MicroHomeCommand = OpenMicroHome | RecogniseMicroHome | CloseMicroHome


# --- state -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MicroHomeState:
    opened: MicroHomeOpened | None = None
    recognitions: tuple[MicroHomeRecognised, ...] = ()
    closed: MicroHomeClosed | None = None


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
    match command:
        case OpenMicroHome():
            return [_open(command, state)]
        case RecogniseMicroHome():
            _check_open(command.micro_home_id, state, command.recognised_on, "recognised")
            return [
                MicroHomeRecognised(
                    micro_home_id=command.micro_home_id,
                    recognised_on=command.recognised_on,
                    level=command.level,
                    title=command.title,
                )
            ]
        case CloseMicroHome():
            if state.closed is not None:
                raise RuleViolation(
                    "micro_home_already_closed",
                    f"micro-home {command.micro_home_id} was already closed on {state.closed.closed_on}",
                    closed_on=state.closed.closed_on.isoformat(),
                )
            _check_open(command.micro_home_id, state, command.closed_on, "closed")
            return [
                MicroHomeClosed(micro_home_id=command.micro_home_id, closed_on=command.closed_on, reason=command.reason)
            ]
        case _:
            assert_never(command)


def _open(command: OpenMicroHome, state: MicroHomeState) -> MicroHomeOpened:
    if state.opened is not None:
        raise RuleViolation(
            "micro_home_already_opened",
            f"micro-home {command.micro_home_id} was already opened on {state.opened.opened_on}",
        )
    host = command.host
    if not host.exists:
        raise RuleViolation(
            "host_federation_unknown",
            f"host federation {command.host_federation_id} has not been founded",
            host_federation_id=command.host_federation_id,
        )
    if not host.open_on(command.opened_on):
        raise RuleViolation(
            "host_federation_not_open",
            f"host federation {command.host_federation_id} is not open on {command.opened_on} "
            f"(founded {host.started_on}, dissolved {host.ended_on or 'never'})",
            host_federation_id=command.host_federation_id,
        )
    return MicroHomeOpened(
        micro_home_id=command.micro_home_id,
        name=command.name,
        setting=command.setting,
        region=command.region,
        host_federation_id=command.host_federation_id,
        opened_on=command.opened_on,
        theme=command.theme,
        members=command.members,
    )


def _check_open(micro_home_id: str, state: MicroHomeState, day: date, what: str) -> None:
    if state.opened is None:
        raise NotFound("micro_home_not_found", f"micro-home {micro_home_id} has not been opened")
    if state.closed is not None:
        raise RuleViolation(
            "micro_home_closed",
            f"micro-home {micro_home_id} was closed on {state.closed.closed_on}; it cannot be {what}",
            closed_on=state.closed.closed_on.isoformat(),
        )
    if day < state.opened.opened_on:
        raise RuleViolation(
            "before_opening",
            f"micro-home {micro_home_id} opened on {state.opened.opened_on}; it cannot be {what} on {day}",
            opened_on=state.opened.opened_on.isoformat(),
        )


def occurred_on(event: DomainEvent, state: MicroHomeState) -> date:
    """The business date of a micro-home event."""
    match event:
        case MicroHomeOpened():
            return event.opened_on
        case MicroHomeRecognised():
            return event.recognised_on
        case MicroHomeClosed():
            return event.closed_on
    raise TypeError(f"not a micro-home event: {event!r}")  # pragma: no cover


decider: Decider[MicroHomeCommand, MicroHomeState] = Decider(
    initial_state=MicroHomeState(), decide=decide, evolve=evolve, occurred_on=occurred_on
)
"""The MicroHome aggregate."""
