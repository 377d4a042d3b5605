"""What a decider needs to know about another aggregate: whether it exists and is open on a date,
and where it is.

The handler reads the other aggregate's stream and passes its standing in with the command, so the
decider itself stays pure.
"""

from __future__ import annotations

from datetime import date

from niangjia_contracts import region_within
from niangjia_kit.rules import RuleViolation
from pydantic import BaseModel, ConfigDict


class Standing(BaseModel):
    """An organisation's life span as far as its history shows (None: never founded / still open),
    and its region."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    started_on: date | None = None
    ended_on: date | None = None
    region: str | None = None

    @property
    def exists(self) -> bool:
        return self.started_on is not None

    def open_on(self, day: date) -> bool:
        """Open on `day`: started on or before it, and not ended on or before it."""
        if self.started_on is None or day < self.started_on:
            return False
        return self.ended_on is None or day < self.ended_on

    def check_open_on(self, day: date, *, role: str, federation_id: str, detail: str) -> None:
        """The federation a new organisation names in `role` ("guiding", "host") is open on `day`."""
        if not self.exists:
            raise RuleViolation(
                f"{role}_federation_unknown",
                f"{role} federation {federation_id} has not been founded",
                **{detail: federation_id},
            )
        if not self.open_on(day):
            raise RuleViolation(
                f"{role}_federation_not_open",
                f"{role} federation {federation_id} is not open on {day} "
                f"(founded {self.started_on}, dissolved {self.ended_on or 'never'})",
                **{detail: federation_id},
            )

    def check_contains(self, region: str, *, role: str, federation_id: str, detail: str) -> None:
        """The federation a new organisation names in `role` lies in a region containing `region`:
        a federation guides and hosts only inside its own region (`reference_out_of_region`)."""
        if self.region is not None and not region_within(region, self.region):
            raise RuleViolation(
                "reference_out_of_region",
                f"{role} federation {federation_id} is in {self.region}, which does not contain {region}",
                **{detail: federation_id, "reference_region": self.region, "region": region},
            )
