"""Milestone reports the federations publish: chambers of commerce by origin, federations founded
within a window, first leaderships elected within a period, and the firsts of a region."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from niangjia_contracts import BusinessDate, Domain, FederationKind
from niangjia_kit.auth import Principal, Reporter
from niangjia_kit.errors import ApiError

from niangjia_projections.entrypoints import milestone_answers as answers
from niangjia_projections.entrypoints.deps import (
    QUICK,
    READ_MODELS_REFUSED,
    REPORTS_FORBIDDEN,
    At,
    ReportAt,
    Wait,
    caught_up,
    query_route,
    refusals,
    scan_lane,
)
from niangjia_projections.entrypoints.shared import shared_answer
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations import milestones

_INVALID = "A malformed date, region or code, or a window that ends before it starts"
router = APIRouter(
    tags=["reports"], responses={503: READ_MODELS_REFUSED, **refusals(forbidden=REPORTS_FORBIDDEN, invalid=_INVALID)}
)

Report = Callable[[sqlite3.Connection, Clocks, str | None], dict[str, Any]]
"""A milestone report on the organisations model, for the report's clocks and region."""


def _window(first: date, last: date, names: tuple[str, str]) -> None:
    if last < first:
        raise ApiError(422, "invalid_request", f"{names[1]} ({last}) is before {names[0]} ({first})", field=names[1])


async def _report(
    request: Request, principal: Principal, at: ReportAt, min_position: int | None, report: Report, *, scan: bool
) -> Response:
    """`report` once the read models have applied `min_position`, on the region and clocks asked; in a
    scan's lane (`scan`) when it reads the region's federations one by one."""
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    lane = scan_lane(scope) if scan else QUICK
    return await shared_answer(
        request, principal, ("organisations",), lambda conn: report(conn, when, scope), lane=lane
    )


@query_route(
    router,
    "/chambers",
    "Chambers of commerce's federations standing on as_of, by the chamber's origin",
    answers.ChambersReport,
)
async def get_chambers(
    request: Request,
    principal: Reporter,
    at: At,
    limit: Annotated[
        int, Query(ge=0, le=10_000, description="At most this many rows in items (0: the figures alone)")
    ] = 1000,
    min_position: Wait = None,
) -> Response:
    # the listed chambers are read one by one with their ends: a scan's lane, as /elections (its
    # listed rows) and /firsts; /founded reads the sums and takes none
    return await _report(request, principal, at, min_position, partial(milestones.chambers, limit=limit), scan=True)


@query_route(
    router,
    "/founded",
    "Federations founded within a window, by domain, sector, kind, level and year",
    answers.FoundedReport,
)
async def get_founded(
    request: Request,
    principal: Reporter,
    founded_from: Annotated[BusinessDate, Query(description="The window's first day (YYYY-MM-DD), included")],
    founded_to: Annotated[BusinessDate, Query(description="The window's last day (YYYY-MM-DD), included")],
    at: At,
    min_position: Wait,
) -> Response:
    _window(founded_from, founded_to, ("founded_from", "founded_to"))
    founded = partial(milestones.founded, start=founded_from, end=founded_to)
    return await _report(request, principal, at, min_position, founded, scan=False)


@query_route(
    router, "/elections", "Federations whose first leadership was elected within a period", answers.ElectionsReport
)
async def get_elections(
    request: Request,
    principal: Reporter,
    elected_from: Annotated[BusinessDate, Query(description="The period's first day (YYYY-MM-DD), included")],
    elected_to: Annotated[BusinessDate, Query(description="The period's last day (YYYY-MM-DD), included")],
    at: At,
    limit: Annotated[int, Query(ge=1, le=10_000, description="At most this many rows in items")] = 1000,
    min_position: Wait = None,
) -> Response:
    _window(elected_from, elected_to, ("elected_from", "elected_to"))
    elected = partial(milestones.elections, start=elected_from, end=elected_to, limit=limit)
    return await _report(request, principal, at, min_position, elected, scan=True)


@query_route(router, "/firsts", "The first federation of each domain and kind within the region", answers.FirstsReport)
async def get_firsts(
    request: Request,
    principal: Reporter,
    at: At,
    domain: Annotated[Domain | None, Query(description="Only this domain")] = None,
    kind: Annotated[FederationKind | None, Query(description="Only this kind")] = None,
    min_position: Wait = None,
) -> Response:
    firsts = partial(milestones.firsts, domain=domain.value if domain else None, kind=kind.value if kind else None)
    return await _report(request, principal, at, min_position, firsts, scan=True)
