"""Reports for leaders and reporting staff: counts, campaigns, "1+N" trees, dormancy."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from niangjia_contracts import BusinessDate
from niangjia_kit.auth import Principal, Reporter
from niangjia_kit.clock import today_in_china
from niangjia_kit.errors import ApiError

from niangjia_projections.entrypoints import answers
from niangjia_projections.entrypoints.deps import (
    QUICK,
    READ_MODELS_REFUSED,
    AsOf,
    At,
    KnownAt,
    ReportAt,
    Wait,
    beyond_scope,
    caught_up,
    clocks,
    not_found,
    query_route,
    scan_lane,
)
from niangjia_projections.entrypoints.grouping import STATUSES, Grouping, grouping_query, parse_groups, parse_list
from niangjia_projections.entrypoints.shared import shared_answer
from niangjia_projections.models.activities import campaigns
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations import counts, dormancy, dormant, guided, quarters, quieted

router = APIRouter(tags=["reports"], responses={503: READ_MODELS_REFUSED})

Since = Annotated[
    BusinessDate | None,
    Query(
        description=(
            "Start of the period for dormancy by silence (YYYY-MM-DD; default a year before as_of, or before "
            "today). 沉寂期的起点：此后既无活动也无跟踪检查的组织按“沉寂”计为休眠（默认 as_of 前一年）"
        )
    ),
]


async def since_query(since: Since = None) -> date | None:
    return since


SinceAsked = Annotated[date | None, Depends(since_query)]
"""The query parameter since, after the route's own parameters."""


def silence_since(since: date | None, when: Clocks) -> date:
    """The period's start: the one asked for, else a year before `as_of` (or before today)."""
    return since if since is not None else dormancy.default_since(when.as_of or today_in_china())


@query_route(
    router,
    "/counts",
    "Federations and micro-homes counted by domain, sector, kind, level, status, region",
    answers.CountsReport,
    response_model_exclude_unset=True,
)
async def get_counts(
    request: Request,
    principal: Reporter,
    at: At,
    grouping: Annotated[Grouping, Depends(grouping_query)],
    since: SinceAsked,
    min_position: Wait,
) -> Response:
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    dims = parse_list(grouping.group_by, counts.DIMENSIONS, "group_by") or list(counts.DIMENSIONS)
    named = parse_groups(list(grouping.groups))
    statuses = parse_list(grouping.status, STATUSES, "status")

    only = frozenset(statuses) if statuses else None
    start = silence_since(since, when)
    return await shared_answer(
        request,
        principal,
        ("organisations", "activities"),
        lambda conn: counts.count(
            conn,
            when,
            region=scope,
            groups=named,
            since=start,
            dimensions=dims,
            statuses=only,
            region_depth=grouping.region_depth,
        ),
        lane=QUICK if counts.from_sums(when, scope, start, dims, only) else scan_lane(scope),
    )


FromYear = Annotated[
    int | None,
    Query(
        ge=1900,
        le=2999,
        description="The first year of the series (default: the year of the first founding in the region). "
        "序列的起始年份（默认：该地区最早成立组织的年份）",
    ),
]


@query_route(
    router,
    "/counts/quarters",
    "Federations and micro-homes founded, ended and standing at each quarter's end",
    answers.QuarterCounts,
)
async def get_quarter_counts(
    request: Request, principal: Reporter, at: At, min_position: Wait, from_year: FromYear = None
) -> Response:
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    until = when.as_of or today_in_china()
    if from_year is not None and from_year > until.year:
        raise ApiError(
            422, "invalid_request", f"from_year: {from_year} is after the report's date {until}", field="from_year"
        )
    return await shared_answer(
        request,
        principal,
        ("organisations",),
        lambda conn: quarters.quarter_counts(conn, when, scope, until, from_year),
        lane=QUICK,
    )


Year = Annotated[int, Path(ge=1900, le=2999, description="Calendar year")]


@query_route(router, "/campaigns/{year}", "The four seasonal care campaigns of a year", answers.YearReport)
async def get_campaign_year(request: Request, principal: Reporter, year: Year, at: At, min_position: Wait) -> Response:
    await caught_up(request, min_position)
    return await _campaign_report(request, principal, at, year, None)


@query_route(router, "/campaigns/{year}/Q{quarter}", "One quarter's care campaign report", answers.QuarterReport)
async def get_campaign_quarter(
    request: Request,
    principal: Reporter,
    year: Year,
    quarter: Annotated[int, Path(ge=1, le=4)],
    at: At,
    min_position: Wait,
) -> Response:
    await caught_up(request, min_position)
    return await _campaign_report(request, principal, at, year, quarter)


async def _campaign_report(
    request: Request, principal: Principal, at: ReportAt, year: int, quarter: int | None
) -> Response:
    """A year's report (`quarter` None) or a quarter's, read from the activities and the organisations."""
    scope, when = at.resolve(principal)

    def report(conn: sqlite3.Connection) -> dict[str, Any]:
        if quarter is None:
            return campaigns.year_report(conn, when, year, scope)
        return campaigns.quarter_report(conn, when, year, quarter, scope)

    # on today's knowledge the aggregates answer at once; known at a time, the day's edge is read
    lane = scan_lane(scope) if when.known_at is not None else QUICK
    return await shared_answer(request, principal, ("activities", "organisations"), report, lane=lane)


@query_route(
    router,
    "/federations/{federation_id}/guided",
    'The "1+N" tree under a guiding federation',
    answers.GuidedTree | answers.NotYetFounded,
)
async def get_guided(
    request: Request,
    principal: Reporter,
    federation_id: Annotated[str, Path(max_length=80)],
    as_of: AsOf = None,
    known_at: KnownAt = None,
    depth: Annotated[
        int | None,
        Query(
            ge=0,
            le=guided.MAX_DEPTH,
            description="List the organisations down to this many levels below it (default: every level); "
            "the counts stay over all. 列出的层数（默认全部），计数仍含全部下级",
        ),
    ] = None,
    *,
    since: SinceAsked,
    min_position: Wait,
) -> Response:
    await caught_up(request, min_position)
    when = clocks(as_of, known_at)
    start = silence_since(since, when)

    def tree_in_scope(conn: sqlite3.Connection) -> dict[str, Any] | None:
        # beyond the caller's scope answers as unknown (404), never 403: no existence is told
        region = guided.root_region(conn, federation_id, when)
        if region is None:
            later = guided.root_region(conn, federation_id, Clocks())
            if later is None or beyond_scope(principal, later):
                return None
            return guided.not_yet_founded(federation_id, when)
        if beyond_scope(principal, region):
            return None
        return guided.guided_tree(conn, federation_id, when, principal.scope, since=start, depth=depth)

    def found(tree: dict[str, Any] | None) -> dict[str, Any]:
        if tree is None:
            raise not_found("federation", federation_id)
        return tree

    return await shared_answer(request, principal, ("organisations", "activities"), tree_in_scope, finish=found)


async def dormant_page(
    after: Annotated[int, Query(ge=0, le=2**62, description="Page after this cursor")] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> tuple[int, int]:
    return after, limit


@query_route(
    router,
    "/dormant",
    "Organisations dormant on a date, by an inspection's finding or by silence",
    answers.DormantReport,
    description="An organisation standing on `as_of` is dormant by **finding** when its latest inspection found it "
    "dormant and no later activity says otherwise, or by **silence** when it was founded before `since` and "
    "has had neither an activity nor an inspection since. `total` counts every one; `items` is a page. "
    "截至 as_of 仍存续的组织，若最近一次跟踪检查认定其休眠且此后无活动，为“跟踪认定”休眠；"
    "若 since 之前成立且 since 以来既无活动也无跟踪检查，为“无活动也无跟踪”休眠。total 为全部数量，items 为一页。",
)
async def get_dormant(
    request: Request,
    principal: Reporter,
    since: SinceAsked,
    at: At,
    page: Annotated[tuple[int, int], Depends(dormant_page)],
    min_position: Wait,
) -> Response:
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    start = silence_since(since, when)
    after, limit = page

    return await shared_answer(
        request,
        principal,
        ("organisations", "activities"),
        lambda conn: dormant.dormant_organisations(conn, when, start, scope, after=after, limit=limit),
        lane=QUICK if quieted.answers(when, start) else scan_lane(scope),
    )
