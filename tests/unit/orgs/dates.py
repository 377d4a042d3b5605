"""The day the orgs decider tests run on, and what a command dated after it is refused with."""

from __future__ import annotations

from datetime import date
from typing import Any

from niangjia_kit.testing import When

D = date.fromisoformat
TODAY = D("2025-01-01")


def in_the_future(field: str, day: str = "2025-01-02") -> list[dict[str, str]]:
    """The `fields` detail of a request refused because `field` is `day`, after TODAY."""
    reason = f"{day} is in the future (today is {TODAY.isoformat()})"
    return [{"field": field, "location": "body", "reason": reason, "type": "future_date"}]


def refused_as_in_the_future(scenario: When[Any, Any], field: str) -> None:
    """The command of `scenario` is refused (422) because its `field` is 2025-01-02, after TODAY."""
    error = scenario.then_raises("invalid_request")
    assert error.status == 422
    assert error.details["fields"] == in_the_future(field)
