"""What the counts are broken down by, as a request asks: the dimensions, the domain groupings
(named and ad hoc), the statuses and how deep `by_region` goes; each checked, a clear 422 otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Query
from niangjia_contracts import DOMAIN_GROUPS, Domain
from niangjia_kit.errors import ApiError

from niangjia_projections.models.organisations import counts

_GROUP_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
STATUSES = frozenset({"open", "dormant"})


def parse_groups(raw: list[str]) -> dict[str, frozenset[str]]:
    """The named groupings (DOMAIN_GROUPS) plus ad-hoc ones: `name:domain+domain` (or spaces, commas)."""
    groups = {name: frozenset(d.value for d in domains) for name, domains in DOMAIN_GROUPS.items()}
    for spec in raw:
        for part in filter(None, (p.strip() for p in spec.split(";"))):
            name, colon, members = part.partition(":")
            if not colon or not _GROUP_NAME.match(name.strip()):
                raise ApiError(422, "invalid_request", f"groups: {part!r} is not name:domain+domain", field="groups")
            domains = [m for m in re.split(r"[+ ,]+", members) if m]
            unknown = [d for d in domains if d not in Domain.__members__.values()]
            if not domains or unknown:
                raise ApiError(
                    422,
                    "invalid_request",
                    f"groups: unknown domains {unknown or members!r} in {part!r}",
                    field="groups",
                )
            groups[name.strip()] = frozenset(domains)
    return groups


def parse_list(raw: str | None, allowed: frozenset[str] | tuple[str, ...], field: str) -> list[str] | None:
    if raw is None:
        return None
    values = [v for v in re.split(r"[, +]+", raw) if v]
    wrong = [v for v in values if v not in allowed]
    if wrong or not values:
        raise ApiError(
            422, "invalid_request", f"{field}: unknown {wrong or raw!r}; use {', '.join(sorted(allowed))}", field=field
        )
    return values


@dataclass(frozen=True)
class Grouping:
    """How the counts are broken down, as asked (checked by `parse_list` and `parse_groups`)."""

    group_by: str | None = None
    groups: tuple[str, ...] = ()
    status: str | None = None
    region_depth: int | None = None


async def grouping_query(
    group_by: Annotated[
        str | None, Query(max_length=200, description="Comma-separated: " + ", ".join(counts.DIMENSIONS))
    ] = None,
    groups: Annotated[list[str], Query(max_length=400, description="Ad-hoc domain groups: name:domain+domain")] = [],  # noqa: B006
    status: Annotated[
        str | None, Query(max_length=100, description="Only these statuses of the standing set: open, dormant")
    ] = None,
    region_depth: Annotated[
        int | None,
        Query(
            ge=0,
            le=10,
            description="by_region down to this many levels below the region (default every level). "
            "按地区分组时向下列出的层级数（默认全部）",
        ),
    ] = None,
) -> Grouping:
    return Grouping(group_by, tuple(groups), status, region_depth)
