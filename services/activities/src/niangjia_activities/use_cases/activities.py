"""What every use case works with: the `Activities` container, the organiser lookup and the checks
on a loaded activity. `bootstrap` builds the container once, at start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from niangjia_contracts import CareActivityHeld, OrganiserKind
from niangjia_contracts.events import CareActivityFacts
from niangjia_kit.auth import Principal
from niangjia_kit.clock import Today
from niangjia_kit.commands import CommandHandler
from niangjia_kit.rules import NotFound

from niangjia_activities.domain.care_activity import CareActivity, InvalidActivity
from niangjia_activities.domain.commands import CareActivityCommand, Organiser


class OrganiserRegistry(Protocol):
    """What the use cases read of the organiser registry."""

    def find(self, organiser_id: str, kind: OrganiserKind | None = None) -> list[Organiser]: ...


class CatchingUp(Protocol):
    """What the use cases need of the registry's feed: wait until it has what the store holds now."""

    async def catch_up(self, within: float) -> bool: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisers:
    """Federations and micro-homes as the registry knows them, once it has caught up with the store."""

    registry: OrganiserRegistry
    feed: CatchingUp
    wait_seconds: float = 1.5

    async def find(self, organiser_id: str, kind: OrganiserKind | None = None) -> Organiser | None:
        """The organiser, or None when the registry knows none by that id.

        The registry first catches up to the store's last position at the time of the request (at
        most `wait_seconds`), so a founding or a dissolution the orgs service answered a moment ago
        is taken into account: an organiser is never called unknown, nor open, just because the
        registry lagged. Usually it is already there and nothing waits.
        """
        await self.feed.catch_up(self.wait_seconds)
        found = self.registry.find(organiser_id, kind)
        if len(found) > 1:
            raise InvalidActivity(
                "ambiguous_organiser",
                f"{organiser_id} names both a federation and a micro-home; give organiser_kind",
                field="organiser_kind",
            )
        return found[0] if found else None

    async def in_scope(self, principal: Principal, organiser_id: str, kind: OrganiserKind | None) -> Organiser | None:
        """`find`, as the caller may know it: an organiser outside the caller's scope is as unknown
        to it as one that does not exist (None), so the answer says nothing of what lies beyond."""
        organiser = await self.find(organiser_id, kind)
        if organiser is not None and not principal.covers(organiser.region):
            return None
        return organiser


@dataclass(frozen=True, slots=True, kw_only=True)
class Activities:
    """The activities service as the use cases see it: the command handler, the organisers and
    today's business date."""

    handler: CommandHandler[CareActivityCommand, CareActivity]
    organisers: Organisers
    today: Today


def stream_id_of(activity_id: str) -> str:
    return f"{CareActivityHeld.category}-{activity_id}"


def known_record(state: CareActivity, principal: Principal, activity_id: str) -> CareActivityFacts:
    """The activity's record: 404 when it was never held or lies outside the caller's scope (alike)."""
    if state.record is None or not principal.covers(state.record.region):
        raise NotFound("activity_not_found", f"no care activity {activity_id}", id=activity_id)
    return state.record
