"""What a decider needs to know about another aggregate: whether it exists and is open on a date.

The handler reads the other aggregate's stream and passes its standing in with the command, so the
decider itself stays pure.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class Standing(BaseModel):
    """An organisation's life span as far as its history shows (None: never founded / still open)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    started_on: date | None = None
    ended_on: date | None = None

    @property
    def exists(self) -> bool:
        return self.started_on is not None

    def open_on(self, day: date) -> bool:
        """Open on `day`: started on or before it, and not ended on or before it."""
        if self.started_on is None or day < self.started_on:
            return False
        return self.ended_on is None or day < self.ended_on
