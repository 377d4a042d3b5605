"""Errors a decider raises: pure, no I/O, mapped to HTTP by the entrypoints."""

from __future__ import annotations

from datetime import date

from niangjia_kit.localise import fields_summary


class DomainError(Exception):
    """Base of the errors deciders raise. `code` is stable and machine-readable."""

    status = 400

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class RuleViolation(DomainError):
    """The history forbids this command (dissolving twice, recording for a dissolved organiser...)."""

    status = 409


class NotFound(DomainError):
    """The entity does not exist."""

    status = 404


MOST_FIELDS = 20
"""The most fields one refusal names (the first ones): a request with thousands of faults (unknown
names, repeated keys, bad items of a list) would otherwise be answered many times its own size."""


class InvalidRequest(DomainError):
    """A value the request's shape could not rule out (a date after today): a 422 naming each field,
    in the same shape as a malformed field."""

    status = 422

    def __init__(self, fields: list[dict[str, str]]) -> None:
        summary = fields_summary(fields, chinese=False, most=None)
        super().__init__("invalid_request", f"the request is invalid: {summary}", fields=fields)


def not_in_future(today: date, **dates: date | None) -> None:
    """`InvalidRequest` naming each business date later than `today` (type `future_date`)."""
    late = [(name, day) for name, day in dates.items() if day is not None and day > today]
    if late:
        raise InvalidRequest(
            [
                {
                    "field": name,
                    "location": "body",
                    "reason": f"{day} is in the future (today is {today})",
                    "type": "future_date",
                }
                for name, day in late
            ]
        )
