"""The CareActivity decider: hold, correct, retract. Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, assert_never

from niangjia_contracts import (
    Campaign,
    CareActivityCorrected,
    CareActivityHeld,
    CareActivityRetracted,
    DomainEvent,
)
from niangjia_contracts.events import CareActivityFacts
from niangjia_contracts.names import campaign_mismatch, name_of
from niangjia_kit.decider import Decider
from niangjia_kit.rules import DomainError, NotFound, RuleViolation

from niangjia_activities.domain.commands import (
    FACT_FIELDS,
    CareActivityCommand,
    CorrectCareActivity,
    HoldCareActivity,
    Organiser,
    RetractCareActivity,
)


class InvalidActivity(DomainError):
    """The activity's facts contradict each other or the calendar: a 422 naming the field."""

    status = 422

    def __init__(
        self, code: str, message: str, *, field: str, suggestion: str | None = None, **details: object
    ) -> None:
        entry = {"field": field, "location": "body", "reason": message, "type": code}
        if suggestion is not None:
            entry["suggestion"] = suggestion  # the value that would do (as an unknown region's closest path)
        super().__init__(code, message, field=field, fields=[entry], **details)


@dataclass(frozen=True, slots=True)
class CareActivity:
    """The folded state. `record` is the latest Held or Corrected event; None before it is held."""

    record: CareActivityFacts | None = None
    retracted: bool = False
    retraction_reason: str | None = None
    corrections: int = 0

    @property
    def exists(self) -> bool:
        return self.record is not None


def evolve(state: CareActivity, event: DomainEvent) -> CareActivity:
    if isinstance(event, CareActivityHeld):
        return CareActivity(record=event)
    if isinstance(event, CareActivityCorrected):
        return replace(state, record=event, corrections=state.corrections + 1)
    if isinstance(event, CareActivityRetracted):
        return replace(state, retracted=True, retraction_reason=event.reason)
    return state


def decide(command: CareActivityCommand, state: CareActivity) -> list[DomainEvent]:
    match command:
        case HoldCareActivity():
            return [_hold(command, state)]
        case CorrectCareActivity():
            return [_correct(command, state)]
        case RetractCareActivity():
            return [_retract(command, state)]
        case _:
            assert_never(command)


def occurred_on(event: DomainEvent, state: CareActivity) -> date:
    """The business date of an event: the date the activity was held (as corrected)."""
    if isinstance(event, CareActivityFacts):
        return event.held_on
    if isinstance(event, CareActivityRetracted) and state.record is not None:
        return state.record.held_on
    raise ValueError(f"no business date for {event.event_type}")


decider: Decider[CareActivityCommand, CareActivity] = Decider(
    initial_state=CareActivity(), decide=decide, evolve=evolve, occurred_on=occurred_on
)
"""The CareActivity aggregate."""


# --- rules ------------------------------------------------------------------------------------


def _hold(command: HoldCareActivity, state: CareActivity) -> CareActivityHeld:
    if state.exists:
        raise RuleViolation(
            "activity_exists", f"care activity {command.activity_id} was already recorded", id=command.activity_id
        )
    facts = command.facts()
    organiser = _check_facts(facts, command.organiser, command.today)
    return CareActivityHeld(
        activity_id=command.activity_id, organiser_kind=organiser.kind, region=organiser.region, **facts
    )


def _correct(command: CorrectCareActivity, state: CareActivity) -> CareActivityCorrected:
    record = _live_record(state, command.activity_id, "correct")
    current: dict[str, Any] = {name: getattr(record, name) for name in FACT_FIELDS}
    corrected: dict[str, Any] = {**current, **command.changes.given()}
    changed = tuple(name for name in FACT_FIELDS if corrected[name] != current[name])
    if not changed:
        raise RuleViolation(
            "nothing_to_correct",
            "the correction gives the values the record already has",
            id=command.activity_id,
        )
    organiser = _check_facts(corrected, command.organiser, command.today)
    return CareActivityCorrected(
        activity_id=command.activity_id,
        organiser_kind=organiser.kind,
        region=organiser.region,
        corrected_fields=changed,
        reason=command.reason,
        **corrected,
    )


def _retract(command: RetractCareActivity, state: CareActivity) -> CareActivityRetracted:
    _live_record(state, command.activity_id, "retract")
    return CareActivityRetracted(activity_id=command.activity_id, reason=command.reason)


def _live_record(state: CareActivity, activity_id: str, verb: str) -> CareActivityFacts:
    if state.record is None:
        raise NotFound("activity_not_found", f"no care activity {activity_id}", id=activity_id)
    if state.retracted:
        code = "already_retracted" if verb == "retract" else "activity_retracted"
        raise RuleViolation(code, f"care activity {activity_id} was retracted; it cannot be {verb}ed", id=activity_id)
    return state.record


def _check_facts(facts: dict[str, Any], organiser: Organiser | None, today: date) -> Organiser:
    """The rules every record (held or corrected) obeys; returns the organiser it names."""
    held_on: date = facts["held_on"]
    if held_on > today:
        raise InvalidActivity(
            "held_in_future", f"held_on {held_on} is in the future (today is {today})", field="held_on"
        )
    campaign: Campaign | None = facts["campaign"]
    if campaign is not None and campaign != Campaign.of_date(held_on):
        expected = Campaign.of_date(held_on)
        raise InvalidActivity(
            "campaign_not_of_quarter",
            campaign_mismatch(campaign, held_on),
            field="campaign",
            suggestion=expected.value,
            expected=expected.value,
        )
    organiser_id: str = facts["organiser_id"]
    if organiser is None or organiser.organiser_id != organiser_id:
        raise RuleViolation(
            "unknown_organiser",
            f"no federation or micro-home {organiser_id} is known",
            organiser_id=organiser_id,
        )
    if held_on < organiser.opened_on:
        raise _not_open(organiser, held_on, "organiser_not_yet_founded", "founded or opened", "after", "opened_on")
    if organiser.closed_on is not None and held_on >= organiser.closed_on:
        raise _not_open(organiser, held_on, "organiser_dissolved", "dissolved or closed", "on or before", "closed_on")
    return organiser


def _not_open(organiser: Organiser, held_on: date, code: str, verb: str, when: str, field: str) -> RuleViolation:
    """The organiser was not open on `held_on`: it was `verb` on its date `field`, `when` that."""
    day: date = getattr(organiser, field)
    return RuleViolation(
        code,
        f"{name_of(organiser.kind, 'en')} {organiser.organiser_id} was {verb} on {day}, {when} the activity's date {held_on}",
        organiser_id=organiser.organiser_id,
        **{field: day.isoformat()},
    )
