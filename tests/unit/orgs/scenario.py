"""given([...events]).when(command).then([...events]) / .then_raises(code), for the orgs deciders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import pytest
from niangjia_contracts import DomainEvent
from niangjia_kit.commands import Decider
from niangjia_kit.rules import DomainError

C = TypeVar("C")
S = TypeVar("S")


@dataclass(frozen=True)
class Given(Generic[C, S]):
    decider: Decider[C, S]
    history: Sequence[DomainEvent]

    def state(self) -> S:
        state = self.decider.initial_state()
        for event in self.history:
            state = self.decider.evolve(state, event)
        return state

    def when(self, command: C) -> When[C, S]:
        return When(self, command)


@dataclass(frozen=True)
class When(Generic[C, S]):
    given: Given[C, S]
    command: C

    def then(self, expected: Sequence[DomainEvent]) -> None:
        assert list(self.given.decider.decide(self.command, self.given.state())) == list(expected)

    def then_raises(self, code: str) -> DomainError:
        with pytest.raises(DomainError) as raised:
            self.given.decider.decide(self.command, self.given.state())
        assert raised.value.code == code, raised.value.message
        return raised.value
