"""Constrained field types shared by the events and the services' commands."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

EntityId = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"),
    Field(description="An entity id: 1-80 characters, letters, digits, '_', '.', '-'; starts alphanumeric"),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Count = Annotated[int, Field(ge=0, le=100_000_000)]
CENT = Decimal("0.01")

Yuan = Annotated[
    Decimal,
    Field(ge=Decimal("0"), max_digits=14, decimal_places=2, description="Yuan, exact, two decimal places"),
    AfterValidator(lambda value: value.quantize(CENT)),
]

REGION_SEGMENT_MAX = 40
REGION_DEPTH_MAX = 8


def check_region(value: str) -> str:
    segments = value.split("/")
    if not 1 <= len(segments) <= REGION_DEPTH_MAX:
        raise ValueError(f"a region path has 1 to {REGION_DEPTH_MAX} segments separated by '/'")
    for segment in segments:
        if not segment or segment != segment.strip() or len(segment) > REGION_SEGMENT_MAX:
            raise ValueError(
                f"each region segment is 1-{REGION_SEGMENT_MAX} characters with no outer spaces: {segment!r}"
            )
    return value


RegionPath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=400),
    AfterValidator(check_region),
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
