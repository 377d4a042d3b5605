"""The use cases over a memory store and a fake organiser registry: what each reads before deciding,
the checks it makes on the loaded activity, and that it reads the activity's stream once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable
from datetime import date
from typing import Any, TypeVar

import pytest
from niangjia_activities.domain import care_activity
from niangjia_activities.domain.commands import Organiser
from niangjia_activities.use_cases import (
    correct_care_activity,
    get_care_activity,
    hold_care_activity,
    retract_care_activity,
)
from niangjia_activities.use_cases.activities import Activities, Organisers
from niangjia_contracts import OrganiserKind
from niangjia_eventstore import RecordedEvent
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_kit.auth import Principal, Role
from niangjia_kit.commands import CommandContext, CommandHandler
from niangjia_kit.rules import DomainError, NotFound

T = TypeVar("T")
YONGCHUAN = "重庆市/永川区"
WUJIN = "江苏省/常州市/武进区"
FEDERATION = Organiser(organiser_id="f1", kind=OrganiserKind.FEDERATION, region=YONGCHUAN, opened_on=date(2024, 1, 10))
MICRO_HOME = Organiser(organiser_id="f1", kind=OrganiserKind.MICRO_HOME, region=WUJIN, opened_on=date(2024, 1, 10))
FACTS: dict[str, Any] = {
    "organiser_id": "f1",
    "held_on": "2024-05-20",
    "title": "夏送清凉",
    "people_served": 10,
    "volunteers": 2,
    "goods_value_yuan": "100.00",
}


class FakeRegistry:
    """Organisers by id, as the registry would find them."""

    def __init__(self, *organisers: Organiser) -> None:
        self.organisers = list(organisers)

    def find(self, organiser_id: str, kind: OrganiserKind | None = None) -> list[Organiser]:
        return [o for o in self.organisers if o.organiser_id == organiser_id and kind in (None, o.kind)]


class CaughtUp:
    async def catch_up(self, within: float) -> bool:
        return True


class CountingStore(InMemoryEventStore):
    """A memory store that counts the reads of each stream."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: dict[str, int] = {}

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        self.reads[stream_id] = self.reads.get(stream_id, 0) + 1
        return await super().read_stream(stream_id, from_version)


def service(store: InMemoryEventStore, *organisers: Organiser, registry: FakeRegistry | None = None) -> Activities:
    return Activities(
        handler=CommandHandler(store, care_activity.decider),
        organisers=Organisers(registry=registry or FakeRegistry(*organisers), feed=CaughtUp()),
        today=lambda: date(2024, 12, 31),
    )


def recorder(scope: str | None = None) -> Principal:
    return Principal(subject=f"recorder-{scope}", role=Role.RECORDER, scope=scope, token_id="t")


def context() -> CommandContext:
    command_id = uuid.uuid4()
    return CommandContext(actor="t", command_id=command_id, correlation_id=command_id, source="activities")


def run(awaitable: Awaitable[T]) -> T:
    async def wrapped() -> T:
        return await awaitable

    return asyncio.run(wrapped())


def hold(activities: Activities, principal: Principal | None = None, **facts: Any) -> str:
    body = hold_care_activity.HoldCareActivityBody.model_validate({"activity_id": "a1", **FACTS, **facts})
    return run(hold_care_activity.handle(activities, principal or recorder(), context(), body)).id


def correct(activities: Activities, principal: Principal | None = None, **changes: Any) -> None:
    body = correct_care_activity.CorrectCareActivityBody.model_validate(
        {"reason": "录入有误", **(changes or {"people_served": 12})}
    )
    run(correct_care_activity.handle(activities, principal or recorder(), context(), "a1", body))


def retract(activities: Activities, principal: Principal | None = None) -> None:
    body = retract_care_activity.RetractCareActivityBody(reason="重复录入")
    run(retract_care_activity.handle(activities, principal or recorder(), context(), "a1", body))


def test_holding_takes_the_organisers_kind_and_region_from_the_registry() -> None:
    activities = service(InMemoryEventStore(), FEDERATION)
    hold(activities)
    view = run(get_care_activity.handle(activities, recorder(), "a1"))
    assert (view.organiser_kind, view.region, view.status) == (OrganiserKind.FEDERATION, YONGCHUAN, "held")


def test_an_organiser_outside_the_callers_scope_is_as_unknown_and_nothing_is_recorded() -> None:
    store = InMemoryEventStore()
    with pytest.raises(DomainError) as refused:
        hold(service(store, FEDERATION), recorder(WUJIN))
    with pytest.raises(DomainError) as unknown:
        hold(service(store), recorder(WUJIN))  # a registry that knows no organiser at all
    assert (refused.value.code, str(refused.value)) == (unknown.value.code, str(unknown.value))
    assert run(store.last_position()) == 0


def test_an_id_both_kinds_share_needs_the_kind() -> None:
    activities = service(InMemoryEventStore(), FEDERATION, MICRO_HOME)
    with pytest.raises(DomainError) as refused:
        hold(activities)
    assert refused.value.code == "ambiguous_organiser"
    assert hold(activities, organiser_kind="micro_home") == "a1"


def test_correcting_and_retracting_read_the_activitys_stream_once() -> None:
    store = CountingStore()
    activities = service(store, FEDERATION)
    hold(activities)
    store.reads.clear()
    correct(activities, people_served=12)
    assert store.reads == {"care_activity-a1": 1}
    retract(activities)
    assert store.reads == {"care_activity-a1": 2}


def test_a_correction_keeps_the_organiser_kind_the_record_has() -> None:
    registry = FakeRegistry(FEDERATION)
    activities = service(InMemoryEventStore(), registry=registry)
    hold(activities)
    registry.organisers.append(MICRO_HOME)  # now the id names a micro-home too
    correct(activities, title="夏送清凉：慰问")
    view = run(get_care_activity.handle(activities, recorder(), "a1"))
    assert (view.organiser_kind, view.title, view.corrections) == (OrganiserKind.FEDERATION, "夏送清凉：慰问", 1)


@pytest.mark.parametrize("use_case", [correct, retract])
def test_an_unknown_activity_is_not_found(use_case: Any) -> None:
    with pytest.raises(NotFound):
        use_case(service(InMemoryEventStore(), FEDERATION))


@pytest.mark.parametrize("use_case", [correct, retract])
def test_an_activity_outside_the_callers_scope_is_not_found_like_an_unknown_one(use_case: Any) -> None:
    activities = service(InMemoryEventStore(), FEDERATION)
    hold(activities)
    with pytest.raises(NotFound) as refused:
        use_case(activities, recorder(WUJIN))
    assert refused.value.code == "activity_not_found"
