"""The rules every organisation's life follows, in its own words: it starts once (founded, opened),
ends once (dissolved, closed), and takes follow-ups only while open and not before it started.

A federation and a micro-home differ only in these words, so each names them in a `Lifecycle` and
both deciders share the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from niangjia_kit.rules import NotFound, RuleViolation
from pydantic import BaseModel

from niangjia_orgs.domain.standing import Standing


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """How the rules speak of one kind of organisation: its noun ("micro-home"), the verbs of its
    start ("founded": codes, messages and the `<started>_on` detail) and end ("dissolved"), and the
    code of a follow-up dated before its start ("before_founding")."""

    noun: str
    started: str
    ended: str
    before_start: str

    @property
    def code(self) -> str:
        """The noun in codes: "federation", "micro_home"."""
        return self.noun.replace("-", "_")

    def not_found(self, entity_id: str) -> NotFound:
        return NotFound(f"{self.code}_not_found", f"{self.noun} {entity_id} has not been {self.started}", id=entity_id)

    def check_not_started(self, entity_id: str, standing: Standing) -> None:
        self._check_not_already(entity_id, self.started, standing.started_on, dated=False)

    def check_may_end(self, entity_id: str, standing: Standing, day: date) -> None:
        """Its end on `day`: not ended already (409), and open then (see `check_open`)."""
        self._check_not_already(entity_id, self.ended, standing.ended_on, dated=True)
        self.check_open(entity_id, standing, day, self.ended)

    def _check_not_already(self, entity_id: str, verb: str, on: date | None, *, dated: bool) -> None:
        """409 when it was already `verb` (on `on`); `dated` adds the `<verb>_on` detail."""
        if on is not None:
            details = {f"{verb}_on": on.isoformat()} if dated else {}
            raise RuleViolation(
                f"{self.code}_already_{verb}",
                f"{self.noun} {entity_id} was already {verb} on {on}",
                id=entity_id,
                **details,
            )

    def check_open(self, entity_id: str, standing: Standing, day: date, what: str) -> None:
        """A follow-up on `day`: the organisation exists (404), is not ended (409) and had started (409)."""
        started_on, ended_on = standing.started_on, standing.ended_on
        if started_on is None:
            raise self.not_found(entity_id)
        if ended_on is not None:
            raise RuleViolation(
                f"{self.code}_{self.ended}",
                f"{self.noun} {entity_id} was {self.ended} on {ended_on}; it cannot be {what}",
                id=entity_id,
                **{f"{self.ended}_on": ended_on.isoformat()},
            )
        if day < started_on:
            raise RuleViolation(
                self.before_start,
                f"{self.noun} {entity_id} was {self.started} on {started_on}; it cannot be {what} on {day}",
                id=entity_id,
                **{f"{self.started}_on": started_on.isoformat()},
            )


def business_dates(command: BaseModel) -> dict[str, date]:
    """The command's business dates (every date but `today`): none may be later than today."""
    return {name: value for name, value in command if isinstance(value, date) and name != "today"}
