"""The given/when/then helper reports each kind of mismatch, so a decider test can fail."""

from __future__ import annotations

from datetime import date

import pytest
from niangjia_contracts import DomainEvent, FederationDissolved
from niangjia_kit.decider import Decider
from niangjia_kit.rules import RuleViolation
from niangjia_kit.testing import given

DISSOLVED = FederationDissolved(federation_id="f1", dissolved_on=date(2024, 5, 1), reason="合并")


def _decide(command: str, state: int) -> list[DomainEvent]:
    if command == "refuse":
        raise RuleViolation("refused", "refused on purpose")
    if command == "nothing":
        return []
    return [DISSOLVED] * (state + 1)


COUNTER: Decider[str, int] = Decider(
    initial_state=0,
    decide=_decide,
    evolve=lambda state, _event: state + 1,
    occurred_on=lambda _event, _state: date(2024, 5, 1),
)


def test_the_state_is_the_fold_of_the_history() -> None:
    assert given(COUNTER, [DISSOLVED, DISSOLVED]).state() == 2


def test_then_passes_on_the_same_events_and_fails_on_others() -> None:
    given(COUNTER, [DISSOLVED]).when("go").then([DISSOLVED, DISSOLVED])
    with pytest.raises(AssertionError, match="decided"):
        given(COUNTER).when("go").then([])


def test_then_raises_checks_the_code() -> None:
    error = given(COUNTER).when("refuse").then_raises("refused")
    assert error.message == "refused on purpose"
    with pytest.raises(AssertionError, match="expected 'other'"):
        given(COUNTER).when("refuse").then_raises("other")
    with pytest.raises(AssertionError, match="to be broken"):
        given(COUNTER).when("go").then_raises("refused")


def test_then_nothing_fails_when_events_are_decided() -> None:
    given(COUNTER).when("nothing").then_nothing()
    with pytest.raises(AssertionError, match="expected nothing"):
        given(COUNTER).when("go").then_nothing()
