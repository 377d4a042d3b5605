"""The decider as a value: what an aggregate decides, how it folds, and the business date of its events.

A decider is data, not a class to subclass: `Decider(initial_state=..., decide=..., evolve=...,
occurred_on=...)` over plain functions. The command handler runs it against the store; the tests run
it against a list of events (`niangjia_kit.testing`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from niangjia_contracts import DomainEvent
from pydantic import BaseModel, ConfigDict

C = TypeVar("C")
S = TypeVar("S")


@dataclass(frozen=True, slots=True, kw_only=True)
class Decider(Generic[C, S]):
    """A pure aggregate: no I/O, no clock (facts from elsewhere, today included, come with the command)."""

    initial_state: S
    decide: Callable[[C, S], Sequence[DomainEvent]]
    """The events a command leads to in a state; raises a `DomainError` for a rule it breaks."""
    evolve: Callable[[S, DomainEvent], S]
    """The state after an event."""
    occurred_on: Callable[[DomainEvent, S], date]
    """The business date of a new event, given the state it was decided in (it goes into the envelope)."""

    def fold(self, events: Iterable[DomainEvent]) -> S:
        """The state after `events`, from the initial state."""
        state = self.initial_state
        for event in events:
            state = self.evolve(state, event)
        return state


def dated_by_facts(event: DomainEvent, state: object) -> date:
    """`occurred_on` for an aggregate whose events' facts each name the field of their business date
    (`dated_by`), whatever the state."""
    field: str | None = getattr(event, "dated_by", None)
    if field is None:
        raise TypeError(f"{event.event_type} names no business date")
    day: date = getattr(event, field)
    return day


class DatedCommand(BaseModel):
    """The base of an aggregate's commands: immutable, strict about unknown fields, and dated by
    today's business date, so that the decider can refuse a business date later than it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    today: date
    """Today's business date, read from the clock by the use case: no business date may be later."""
