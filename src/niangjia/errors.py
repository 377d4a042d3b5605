"""The one error the command line tells in a line, kept apart so that catching it imports nothing."""

from __future__ import annotations


class CliError(RuntimeError):
    """A failure to tell the user in one line, then exit non-zero."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
