"""What a new value must be, beyond its type: the checks the shared field types run on input.

Input is strict: a count is a JSON number (not `"40"`, not `true`), a date is an ISO string
`YYYY-MM-DD` within the federation's history (not `0`, not epoch seconds), text carries no control
characters or bidirectional overrides and is normalised to NFC, a region path's names are names
(no `.` or `..`, no look-alike slashes).

Stored events are read as they were written: the codec validates them with `STORED` as the
context, and every check here then lets the value through to pydantic's ordinary (lax) validation,
so that tightening a rule never makes the history unreadable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final

from pydantic import ValidationError, ValidationInfo, ValidatorFunctionWrapHandler
from pydantic_core import PydanticCustomError

STORED: Final[dict[str, bool]] = {"stored": True}
"""The validation context under which stored data is read (`model_validate(..., context=STORED)`)."""

EARLIEST_DATE: Final = date(1949, 1, 1)
"""No business date lies before the year the federation itself was founded."""
LATEST_DATE: Final = date(2099, 12, 31)
"""Nor after this one (a term's end is the only business date that may lie ahead of today)."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*")
BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they make text display in another order than it is stored."""
SLASH_LOOKALIKES: Final = frozenset("／⁄∕⧸╱〳丿")
"""Characters a path could use instead of '/' to pass as a new region."""
TEXT_WHITESPACE: Final = frozenset("\n\t")
"""The control characters free text may hold (a line break, a tab); names hold none."""


def stored(info: ValidationInfo) -> bool:
    """True when the value is read back from the store (see `STORED`)."""
    context = info.context
    return isinstance(context, dict) and context.get("stored") is True


def strict_int(value: Any, info: ValidationInfo) -> Any:
    """An integer given as a number: `"40"`, `true` and `40.0` are refused."""
    if stored(info) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    kind = "true/false" if isinstance(value, bool) else type(value).__name__
    raise PydanticCustomError("int_strict", "a whole number is expected (a JSON number), not {kind}", {"kind": kind})


def strict_decimal(value: Any, info: ValidationInfo) -> Any:
    """An amount given as a number or a decimal string, never as `true`/`false`."""
    if stored(info) or (isinstance(value, int | float | str | Decimal) and not isinstance(value, bool)):
        return value
    kind = "true/false" if isinstance(value, bool) else type(value).__name__
    raise PydanticCustomError("decimal_strict", "an amount is a number or a decimal string, not {kind}", {"kind": kind})


def to_date(value: Any) -> date:
    """A date from an ISO string `YYYY-MM-DD` (or a `date`) within EARLIEST_DATE..LATEST_DATE."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_invalid", "{value} is not a calendar date", {"value": value}) from None
    else:
        raise PydanticCustomError(
            "date_format", "a date is a string YYYY-MM-DD, not {value}", {"value": repr(value)[:40]}
        )
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise PydanticCustomError(
            "date_out_of_range",
            "{value} is outside {earliest}..{latest}",
            {"value": day.isoformat(), "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return day


def strict_date(value: Any, info: ValidationInfo) -> Any:
    return value if stored(info) else to_date(value)


def strict_instant(value: Any, info: ValidationInfo) -> Any:
    """A point in time given as an ISO string (`2024-05-01T08:00:00+08:00`), not a number; not before 1949."""
    if stored(info) or isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_INSTANT.fullmatch(value):
        raise PydanticCustomError(
            "datetime_format",
            "a time is an ISO string such as 2024-05-01T08:00:00+08:00, not {value}",
            {"value": repr(value)[:40]},
        )
    if value[:4] < f"{EARLIEST_DATE.year:04d}":
        raise PydanticCustomError(
            "date_out_of_range", "{value} is before {earliest}", {"value": value, "earliest": EARLIEST_DATE.isoformat()}
        )
    return value


_UNSAFE = "\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
"""Unicode's control characters (category Cc: U+0000-001F, U+007F-009F), its surrogates (Cs) and
BIDI_CONTROLS, as a character class."""
_UNSAFE_IN: dict[frozenset[str], re.Pattern[str]] = {}


def unsafe_character(text: str, allowed: frozenset[str] = frozenset()) -> str | None:
    """The first control character, bidirectional control or lone surrogate in `text`, if any."""
    pattern = _UNSAFE_IN.get(allowed)
    if pattern is None:
        spared = "".join(re.escape(ch) for ch in sorted(allowed))
        pattern = _UNSAFE_IN[allowed] = re.compile(f"(?![{spared}])[{_UNSAFE}]" if spared else f"[{_UNSAFE}]")
    found = pattern.search(text)
    return None if found is None else found.group()


@lru_cache(maxsize=1024)  # a command's text is checked as its body, its command and its event
def _clean(value: str, allowed: frozenset[str]) -> str:
    bad = unsafe_character(value, allowed)
    if bad is not None:
        kind = "bidi_control" if bad in BIDI_CONTROLS else "control_character"
        raise PydanticCustomError(
            kind, "text may not contain the control character U+{code}", {"code": f"{ord(bad):04X}"}
        )
    return unicodedata.normalize("NFC", value)


def clean_name(value: str, info: ValidationInfo) -> str:
    """A name: no control character at all, NFC."""
    return value if stored(info) else _clean(value, frozenset())


def clean_text(value: str, info: ValidationInfo) -> str:
    """Free text: line breaks and tabs allowed, no other control character; NFC."""
    return value if stored(info) else _clean(value.replace("\r\n", "\n"), TEXT_WHITESPACE)


def region_problem(value: str) -> str | None:
    """Why `value` cannot name a new region (beyond its shape), or None."""
    bad = unsafe_character(value)
    if bad is not None:
        return f"a region path may not contain the control character U+{ord(bad):04X}"
    if any(ch in SLASH_LOOKALIKES for ch in value):
        return "a region path separates its names with '/' only"
    if any(segment in {".", ".."} for segment in value.split("/")):
        return "a region path's names cannot be '.' or '..'"
    return None


def told_as(kind: str, message: str) -> Callable[[Any, ValidatorFunctionWrapHandler], Any]:
    """A wrap validator for a type checked by a pattern: a value that does not match is refused as
    `kind` with `message`, a sentence a person can act on, instead of the pattern itself
    ("String should match pattern '^\\+?[0-9][0-9 -]{5,19}$'"). The JSON Schema keeps the pattern."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as error:
            if any(e["type"] == "string_pattern_mismatch" for e in error.errors()):
                raise PydanticCustomError(kind, message) from None
            raise

    return check
