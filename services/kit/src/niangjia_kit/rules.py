"""Errors a decider raises: pure, no I/O, mapped to HTTP by the entrypoints."""

from __future__ import annotations


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
