"""Before an organiser is looked up, the registry catches up with the store: a dissolution the orgs
service recorded a moment ago is honoured, and an organiser founded a moment ago is found."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest
from niangjia_activities.adapters.registry import Applied, OrganiserRegistry
from niangjia_activities.domain import care_activity
from niangjia_activities.use_cases import hold_care_activity
from niangjia_activities.use_cases.activities import Activities, Organisers
from niangjia_contracts import DomainEvent
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.auth import Principal, Role
from niangjia_kit.commands import CommandContext, CommandHandler, CommandResult
from niangjia_kit.rules import RuleViolation

from tests.integration.activities.support import dissolved, founded

FACTS = {
    "organiser_id": "f1",
    "held_on": date(2024, 5, 20),
    "title": "夏送清凉",
    "campaign": None,
    "service_area": None,
    "people_served": 10,
    "volunteers": 2,
    "goods_value_yuan": "100.00",
    "location": None,
}


class LaggingFeed:
    """A feed that applies the events it holds back only when asked to catch up."""

    def __init__(self, registry: OrganiserRegistry, pending: list[DomainEvent]) -> None:
        self.registry = registry
        self.pending = pending
        self.calls = 0

    async def catch_up(self, within: float) -> bool:
        self.calls += 1
        base = self.registry.checkpoint()
        self.registry.apply(Applied(base + i + 1, event) for i, event in enumerate(self.pending))
        self.pending = []
        return True


def context() -> CommandContext:
    command_id = uuid.uuid4()
    return CommandContext(actor="t", command_id=command_id, correlation_id=command_id, source="activities")


def use_cases(feed: LaggingFeed) -> Activities:
    return Activities(
        handler=CommandHandler(InMemoryEventStore(), care_activity.decider),
        organisers=Organisers(registry=feed.registry, feed=feed),
        today=lambda: date(2024, 12, 31),
    )


def hold(activities: Activities, facts: dict[str, object], activity_id: str | None = None) -> CommandResult:
    body = hold_care_activity.HoldCareActivityBody.model_validate({**facts, "activity_id": activity_id})
    return asyncio.run(hold_care_activity.handle(activities, RECORDER, context(), body))


RECORDER = Principal(subject="t", role=Role.RECORDER, scope=None, token_id="x")


def test_a_dissolution_the_registry_has_not_applied_yet_is_honoured() -> None:
    registry = OrganiserRegistry(":memory:")
    registry.apply([Applied(1, founded("f1"))])
    feed = LaggingFeed(registry, [dissolved("f1", on="2024-05-01")])

    with pytest.raises(RuleViolation) as refused:
        hold(use_cases(feed), dict(FACTS))
    assert refused.value.code == "organiser_dissolved"
    assert feed.calls == 1


def test_an_organiser_founded_a_moment_ago_is_found() -> None:
    feed = LaggingFeed(OrganiserRegistry(":memory:"), [founded("f1")])
    result = hold(use_cases(feed), dict(FACTS), activity_id="a1")
    assert result.id == "a1"
