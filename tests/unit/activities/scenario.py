"""given([...events]).when(command).then([...events]) / .then_raises(code), for the care-activity decider."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from niangjia_activities.domain.care_activity import CareActivity, CareActivityDecider
from niangjia_activities.domain.commands import CareActivityCommand
from niangjia_contracts import DomainEvent
from niangjia_kit.rules import DomainError


@dataclass(frozen=True)
class Given:
    history: Sequence[DomainEvent]

    def state(self) -> CareActivity:
        decider = CareActivityDecider()
        state = decider.initial_state()
        for event in self.history:
            state = decider.evolve(state, event)
        return state

    def when(self, command: CareActivityCommand) -> When:
        return When(self, command)


@dataclass(frozen=True)
class When:
    given: Given
    command: CareActivityCommand

    def then(self, expected: Sequence[DomainEvent]) -> None:
        assert list(CareActivityDecider().decide(self.command, self.given.state())) == list(expected)

    def then_raises(self, code: str) -> DomainError:
        with pytest.raises(DomainError) as raised:
            CareActivityDecider().decide(self.command, self.given.state())
        assert raised.value.code == code, raised.value.message
        return raised.value


def given(history: Sequence[DomainEvent]) -> Given:
    return Given(history)
