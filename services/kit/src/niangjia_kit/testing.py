"""given / when / then for deciders: `given(decider, events).when(command).then(events)`.

Also `.then_raises(code)` (a `DomainError` with that stable code) and `.then_nothing()` (the command
changes nothing); `maker` and `recorded` make a test's commands and the events they record. Plain assertions, no test framework: any runner shows the difference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from niangjia_contracts import DomainEvent
from pydantic import BaseModel

from niangjia_kit.decider import Decider
from niangjia_kit.rules import DomainError

C = TypeVar("C")
S = TypeVar("S")
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=DomainEvent)


@dataclass(frozen=True, slots=True)
class Given(Generic[C, S]):
    decider: Decider[C, S]
    history: Sequence[DomainEvent]

    def state(self) -> S:
        return self.decider.fold(self.history)

    def when(self, command: C) -> When[C, S]:
        return When(self, command)


@dataclass(frozen=True, slots=True)
class When(Generic[C, S]):
    given: Given[C, S]
    command: C

    def _decide(self) -> list[DomainEvent]:
        return list(self.given.decider.decide(self.command, self.given.state()))

    def then(self, expected: Sequence[DomainEvent]) -> None:
        """The command leads to exactly these events, in this order."""
        decided = self._decide()
        assert decided == list(expected), f"decided {decided!r}, expected {list(expected)!r}"

    def then_raises(self, code: str) -> DomainError:
        """The command breaks the rule with this stable code; the error is returned for more checks."""
        try:
            decided = self._decide()
        except DomainError as error:
            raised = error
        else:
            raise AssertionError(f"decided {decided!r}, expected the rule {code!r} to be broken")
        assert raised.code == code, f"raised {raised.code!r} ({raised.message}), expected {code!r}"
        return raised

    def then_nothing(self) -> None:
        """The command is accepted and changes nothing."""
        decided = self._decide()
        assert decided == [], f"decided {decided!r}, expected nothing"


def given(decider: Decider[C, S], history: Sequence[DomainEvent] = ()) -> Given[C, S]:
    """The decider after `history`."""
    return Given(decider, history)


def given_for(decider: Decider[C, S]) -> Callable[[Sequence[DomainEvent]], Given[C, S]]:
    """`given` bound to one decider, for the tests of that decider: `given = given_for(decider)`."""

    def given_history(history: Sequence[DomainEvent] = ()) -> Given[C, S]:
        return Given(decider, history)

    return given_history


def maker(model: type[M], **defaults: Any) -> Callable[..., M]:
    """A maker of commands (or events) of `model`: `defaults`, each replaced by a keyword given.

    `open_ = maker(OpenMicroHome, micro_home_id="m1", ...)`, then `open_(opened_on=...)`."""

    def make(**changes: Any) -> M:
        return model.model_validate({**defaults, **changes})

    return make


def recorded(event: type[E], command: Callable[..., BaseModel], *, read: set[str]) -> Callable[..., E]:
    """A maker of the event that `command(**changes)` records: the command's fields but those the
    use case `read` from elsewhere (the guide's standing, today's date)."""

    def make(**changes: Any) -> E:
        return event.model_validate(command(**changes).model_dump(exclude=read))

    return make
