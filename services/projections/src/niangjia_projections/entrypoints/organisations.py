"""Find organisations by name within the token's region: federations and micro-homes, paged."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from niangjia_kit.auth import Reporter

from niangjia_projections.entrypoints.deps import (
    REPORTS_FORBIDDEN,
    MinPosition,
    NamePart,
    RegionParam,
    caught_up,
    name_given,
    on_read_models,
    query_route,
    refusals,
    scoped_region,
)
from niangjia_projections.models.organisations import search

router = APIRouter(tags=["organisations"])


@query_route(
    router,
    "/organisations",
    "Federations and micro-homes whose name contains a text, within the token's region, paged",
    description="`name` is compared in Unicode NFC, case-folded, as a substring of the organisation's name. "
    "Members are found by name with `GET /members?name=`, by those allowed to see names. "
    "名称按 Unicode NFC 规范化后做包含匹配；执委按姓名查找用 GET /members（限可查看姓名的角色）。",
    responses={
        **refusals(
            forbidden=REPORTS_FORBIDDEN, invalid="An empty or overlong name, a malformed region, an unknown type"
        ),
        503: {"description": "The read models have not reached min_position yet; retry"},
    },
)
async def find_organisations(
    request: Request,
    principal: Reporter,
    name: NamePart,
    type: Annotated[Literal["federation", "micro_home"] | None, Query(description="Only this type")] = None,
    region: RegionParam = None,
    after: Annotated[str, Query(max_length=80, description="Page after this organisation id")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    text = name_given(unicodedata.normalize("NFC", name).strip())
    await caught_up(request, min_position)
    scope = scoped_region(principal, region)
    return await on_read_models(
        request,
        ("organisations",),
        lambda conn: search.find(conn, text, scope, org_type=type, after=after, limit=limit),
    )
