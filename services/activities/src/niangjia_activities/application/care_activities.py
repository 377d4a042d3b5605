"""The care-activity use cases: hold, correct, retract, and read the folded state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from niangjia_contracts import CareActivityHeld, OrganiserKind
from niangjia_eventstore import EventStore
from niangjia_kit.auth import Principal, check_scope
from niangjia_kit.commands import CommandContext, CommandHandler, CommandResult, derived_entity_id
from niangjia_kit.metrics import Metrics
from niangjia_kit.rules import NotFound

from niangjia_activities.adapters.registry import OrganiserRegistry
from niangjia_activities.domain import care_activity
from niangjia_activities.domain.care_activity import CareActivity, InvalidActivity
from niangjia_activities.domain.commands import (
    ActivityChanges,
    CareActivityCommand,
    CorrectCareActivity,
    HoldCareActivity,
    Organiser,
    RetractCareActivity,
)

Today = Callable[[], date]


class CatchingUp(Protocol):
    """What the use cases need of the registry's feed: wait until it has what the store holds now."""

    async def catch_up(self, within: float) -> bool: ...


def stream_id_of(activity_id: str) -> str:
    return f"{CareActivityHeld.category}-{activity_id}"


class CareActivities:
    """The service's use cases, wired to the store, the registry and the clock."""

    def __init__(
        self,
        *,
        store: EventStore,
        registry: OrganiserRegistry,
        feed: CatchingUp,
        today: Today,
        organiser_wait_seconds: float = 1.5,
        metrics: Metrics | None = None,
    ) -> None:
        self._registry = registry
        self._feed = feed
        self._today = today
        self._wait = organiser_wait_seconds
        self._handler: CommandHandler[CareActivityCommand, CareActivity] = CommandHandler(
            store, care_activity.decider, metrics
        )

    def today(self) -> date:
        """Today's business date where the federations work."""
        return self._today()

    async def organiser(self, organiser_id: str, kind: OrganiserKind | None = None) -> Organiser | None:
        """The organiser as the registry knows it, once the registry has caught up with the store.

        The registry first catches up to the store's last position at the time of the request (at
        most `organiser_wait_seconds`), so a founding or a dissolution the orgs service answered a
        moment ago is taken into account: an organiser is never called unknown, nor open, just
        because the registry lagged. Usually it is already there and nothing waits.
        """
        await self._feed.catch_up(self._wait)
        found = self._registry.find(organiser_id, kind)
        if len(found) > 1:
            raise InvalidActivity(
                "ambiguous_organiser",
                f"{organiser_id} names both a federation and a micro-home; give organiser_kind",
                field="organiser_kind",
            )
        return found[0] if found else None

    async def hold(
        self,
        principal: Principal,
        context: CommandContext,
        facts: dict[str, Any],
        activity_id: str | None = None,
        organiser_kind: OrganiserKind | None = None,
    ) -> CommandResult:
        activity_id = activity_id or derived_entity_id("act", context.command_id)
        organiser = await self.organiser(facts["organiser_id"], organiser_kind)
        if organiser is not None:
            check_scope(principal, organiser.region)
        command = HoldCareActivity(activity_id=activity_id, organiser=organiser, today=self.today(), **facts)
        return await self._handler.handle(activity_id, stream_id_of(activity_id), command, context)

    async def correct(
        self,
        principal: Principal,
        context: CommandContext,
        activity_id: str,
        changes: ActivityChanges,
        reason: str,
        organiser_kind: OrganiserKind | None = None,
    ) -> CommandResult:
        record = (await self.read(principal, activity_id))[0].record
        assert record is not None  # read() raises NotFound otherwise
        organiser_id = changes.organiser_id if changes.organiser_id is not None else record.organiser_id
        if organiser_kind is None and organiser_id == record.organiser_id:
            organiser_kind = record.organiser_kind
        organiser = await self.organiser(organiser_id, organiser_kind)
        if organiser is not None:
            check_scope(principal, organiser.region)
        command = CorrectCareActivity(
            activity_id=activity_id, changes=changes, reason=reason, organiser=organiser, today=self.today()
        )
        return await self._handler.handle(activity_id, stream_id_of(activity_id), command, context)

    async def retract(
        self, principal: Principal, context: CommandContext, activity_id: str, reason: str
    ) -> CommandResult:
        await self.read(principal, activity_id)
        command = RetractCareActivity(activity_id=activity_id, reason=reason)
        return await self._handler.handle(activity_id, stream_id_of(activity_id), command, context)

    async def read(self, principal: Principal, activity_id: str) -> tuple[CareActivity, int]:
        """The folded state and stream version; 404 when unknown, 403 outside the caller's scope."""
        state, version = await self._handler.state_of(stream_id_of(activity_id))
        if state.record is None or version is None:
            raise NotFound("activity_not_found", f"no care activity {activity_id}", id=activity_id)
        check_scope(principal, state.record.region)
        return state, version
