"""Milestone reports the federations publish: chambers of commerce by origin, federations founded
within a window, first leaderships elected within a period, and the firsts of a region."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from niangjia_contracts import BusinessDate, Domain, FederationKind
from niangjia_kit.auth import Reporter
from niangjia_kit.errors import ApiError

from niangjia_projections.entrypoints import milestone_answers as answers
from niangjia_projections.entrypoints.deps import (
    READ_MODELS_REFUSED,
    At,
    Wait,
    caught_up,
    on_read_models,
    scan_lane,
)
from niangjia_projections.models.organisations import milestones

router = APIRouter(tags=["reports"], responses={503: READ_MODELS_REFUSED})

_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"description": "No bearer token, or an unknown or revoked one"},
    403: {"description": "The token's role may not read reports, or the region is outside its scope"},
    422: {"description": "A malformed date, region or code, or a window that ends before it starts"},
}


def _window(first: date, last: date, names: tuple[str, str]) -> None:
    if last < first:
        raise ApiError(422, "invalid_request", f"{names[1]} ({last}) is before {names[0]} ({first})", field=names[1])


@router.get(
    "/chambers",
    summary="Chambers of commerce's federations standing on as_of, by the chamber's origin",
    response_model=answers.ChambersReport,
    responses=_REFUSED,
)
async def get_chambers(
    request: Request,
    principal: Reporter,
    at: At,
    limit: Annotated[
        int, Query(ge=0, le=10_000, description="At most this many rows in items (0: the figures alone)")
    ] = 1000,
    min_position: Wait = None,
) -> dict[str, Any]:
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    return await on_read_models(
        request,
        ("organisations",),
        lambda conn: milestones.chambers(conn, when, scope, limit=limit),
        # every chamber of the region read with its ends: a scan's lane, as /elections (a year's
        # elected, each a row built in Python) and /firsts; /founded reads the sums and takes none
        lane=scan_lane(scope),
    )


@router.get(
    "/founded",
    summary="Federations founded within a window, by domain, sector, kind, level and year",
    response_model=answers.FoundedReport,
    responses=_REFUSED,
)
async def get_founded(
    request: Request,
    principal: Reporter,
    founded_from: Annotated[BusinessDate, Query(description="The window's first day (YYYY-MM-DD), included")],
    founded_to: Annotated[BusinessDate, Query(description="The window's last day (YYYY-MM-DD), included")],
    at: At,
    min_position: Wait,
) -> dict[str, Any]:
    _window(founded_from, founded_to, ("founded_from", "founded_to"))
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    return await on_read_models(
        request,
        ("organisations",),
        lambda conn: milestones.founded(conn, when, scope, founded_from, founded_to),
    )


@router.get(
    "/elections",
    summary="Federations whose first leadership was elected within a period",
    response_model=answers.ElectionsReport,
    responses=_REFUSED,
)
async def get_elections(
    request: Request,
    principal: Reporter,
    elected_from: Annotated[BusinessDate, Query(description="The period's first day (YYYY-MM-DD), included")],
    elected_to: Annotated[BusinessDate, Query(description="The period's last day (YYYY-MM-DD), included")],
    at: At,
    limit: Annotated[int, Query(ge=1, le=10_000, description="At most this many rows in items")] = 1000,
    min_position: Wait = None,
) -> dict[str, Any]:
    _window(elected_from, elected_to, ("elected_from", "elected_to"))
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    return await on_read_models(
        request,
        ("organisations",),
        lambda conn: milestones.elections(conn, when, scope, elected_from, elected_to, limit=limit),
        lane=scan_lane(scope),
    )


@router.get(
    "/firsts",
    summary="The first federation of each domain and kind within the region",
    response_model=answers.FirstsReport,
    responses=_REFUSED,
)
async def get_firsts(
    request: Request,
    principal: Reporter,
    at: At,
    domain: Annotated[Domain | None, Query(description="Only this domain")] = None,
    kind: Annotated[FederationKind | None, Query(description="Only this kind")] = None,
    min_position: Wait = None,
) -> dict[str, Any]:
    await caught_up(request, min_position)
    scope, when = at.resolve(principal)
    only_domain = domain.value if domain else None
    only_kind = kind.value if kind else None
    return await on_read_models(
        request,
        ("organisations",),
        lambda conn: milestones.firsts(conn, when, scope, domain=only_domain, kind=only_kind),
        lane=scan_lane(scope),
    )
