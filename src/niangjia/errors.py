"""The one error the command line tells in a line, kept apart so that catching it imports nothing."""

from __future__ import annotations

from contextvars import ContextVar
from types import MappingProxyType


class CliError(RuntimeError):
    """A failure to tell the user in one line, then exit non-zero."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


OPTION_FLAGS: ContextVar[MappingProxyType[str, str]] = ContextVar("option_flags", default=MappingProxyType({}))
"""The running command's option for each field of the body it sends (`held_on` → `--held-on`,
`organiser_id` → `--organiser`): a service's refusal names the option the user typed."""
