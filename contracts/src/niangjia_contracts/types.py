"""Constrained field types shared by the events and the services' commands."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationInfo, WrapValidator

from niangjia_contracts.strict import (
    clean_name,
    clean_text,
    region_problem,
    stored,
    strict_date,
    strict_decimal,
    strict_instant,
    strict_int,
    told_as,
)

EntityId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"),
    WrapValidator(
        told_as("entity_id", "an id is 1 to 80 letters, digits, '_', '.' or '-', and starts with a letter or digit")
    ),
    Field(description="An entity id: 1-80 characters, letters, digits, '_', '.', '-'; starts alphanumeric"),
]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(clean_name)
]
"""A name: no control characters or bidirectional overrides, NFC (checked on input only)."""
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(clean_text)
]
"""Free text: line breaks and tabs, no other control character, NFC (checked on input only)."""
Count = Annotated[int, Field(ge=0, le=100_000_000), BeforeValidator(strict_int)]
"""A count, given as a JSON number (not "40", not true)."""
BusinessDate = Annotated[date, BeforeValidator(strict_date)]
"""A business date: an ISO string YYYY-MM-DD from 1949-01-01 to 2099-12-31 (not 0, not epoch
seconds); whether it may lie after today is the decider's rule (`niangjia_kit.rules.not_in_future`)."""
Instant = Annotated[datetime, BeforeValidator(strict_instant)]
"""A point in time as an ISO string (not epoch seconds), not before 1949; the routes that take one
also require its zone."""
CENT = Decimal("0.01")

Yuan = Annotated[
    Decimal,
    Field(ge=Decimal("0"), max_digits=14, decimal_places=2, description="Yuan, exact, two decimal places"),
    BeforeValidator(strict_decimal),
    AfterValidator(lambda value: value.quantize(CENT)),
]

REGION_SEGMENT_MAX = 40
REGION_DEPTH_MAX = 8
REGION_RULES = (
    f"1 to {REGION_DEPTH_MAX} names separated by '/', each 1-{REGION_SEGMENT_MAX} characters with no outer"
    " spaces, never '.' or '..', a control character or a look-alike slash such as '／'"
)
"""What `check_region` asks of a region path a client gives, as the API documents say it."""


def check_region_shape(value: str) -> str:
    """The shape every region path has, stored ones included: 1-8 non-empty, trimmed names."""
    segments = value.split("/")
    if not 1 <= len(segments) <= REGION_DEPTH_MAX:
        raise ValueError(f"a region path has 1 to {REGION_DEPTH_MAX} segments separated by '/'")
    for segment in segments:
        if not segment or segment != segment.strip() or len(segment) > REGION_SEGMENT_MAX:
            raise ValueError(
                f"each region segment is 1-{REGION_SEGMENT_MAX} characters with no outer spaces: {segment!r}"
            )
    return value


@lru_cache(maxsize=1024)  # a path is checked as a body's, a command's and an event's; a region comes back often
def check_region(value: str) -> str:
    """A region path a client may give (a body, a query, a token's scope): the shape, names that are
    names (no '.' or '..', no control characters, no look-alike slashes); returns it in NFC."""
    problem = region_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return check_region_shape(unicodedata.normalize("NFC", value))


def _region(value: str, info: ValidationInfo) -> str:
    return check_region_shape(value) if stored(info) else check_region(value)


RegionPath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=400),
    AfterValidator(_region),
    Field(
        description="An administrative path such as 江苏省/常州市/武进区/湖塘镇",
        examples=["江苏省/常州市/武进区"],
    ),
]


def region_within(region: str, scope: str) -> bool:
    """True when `region` is `scope` or lies below it (segment-wise, not by string prefix)."""
    inner, outer = region.split("/"), scope.split("/")
    return inner[: len(outer)] == outer


def region_ancestors(region: str) -> list[str]:
    """Every path from the root to `region`: 'a/b/c' -> ['a', 'a/b', 'a/b/c']."""
    parts = region.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


CorrectableField = Literal[
    "organiser_id",
    "held_on",
    "title",
    "campaign",
    "service_area",
    "people_served",
    "volunteers",
    "goods_value_yuan",
    "location",
]
"""The facts of a care activity a correction may change, as `corrected_fields` names them."""
