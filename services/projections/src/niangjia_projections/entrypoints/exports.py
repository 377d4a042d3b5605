"""Every report as an Excel workbook for paperwork (`/exports/<report>.xlsx`): the same report, the same
parameters, the same role and region scope, read by the report's own route; the sheet is stamped
with the region, both clocks and the log position the figures reflect (also in X-Log-Position, and
with `X-Log-Receipt: true` a signed receipt of the workbook's bytes). Chinese by default; English
with `lang=en` or an Accept-Language that prefers another language than Chinese."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from niangjia_kit.auth import Auditor, Principal, Reporter
from niangjia_kit.localise import prefers_chinese
from starlette.concurrency import run_in_threadpool

from niangjia_projections.entrypoints import audit, people, reports
from niangjia_projections.entrypoints.deps import AsOf, KnownAt, MinPosition, RegionParam
from niangjia_projections.entrypoints.reports import Since, Year
from niangjia_projections.glossary import Lang, stamp
from niangjia_projections.workbook import XLSX, Stamp, workbook

router = APIRouter(prefix="/exports", tags=["exports"])

LangParam = Annotated[
    Literal["zh", "en"] | None,
    Query(description="Language of the headers and names: zh (default) or en; else from Accept-Language"),
]
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The report as an Excel workbook, stamped with region, as_of, known_at and log position",
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "X-Log-Position": {"description": "The log position the workbook reflects", "schema": {"type": "integer"}},
            "X-Log-Receipt": {
                "description": "With the request header X-Log-Receipt: true, the signed receipt of these bytes",
                "schema": {"type": "string"},
            },
        },
    },
    401: {"description": "No bearer token, or an unknown or revoked one"},
    403: {"description": "The token's role may not read this report, or the region is outside its scope"},
    422: {"description": "A parameter is malformed (e.g. a region path or a known_at without a zone)"},
    503: {"description": "The read models or the ledger (for a receipt) have not caught up yet; retry"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {**RESPONSES, 404: {"description": "No such federation or entity"}}


def language(request: Request, lang: str | None) -> Lang:
    if lang in ("zh", "en"):
        return "en" if lang == "en" else "zh"
    header = request.headers.get("accept-language")
    return "en" if header and not prefers_chinese(header) else "zh"


async def answer(
    request: Request, principal: Principal, title: str, report: dict[str, Any], lang: str | None, filename: str
) -> Response:
    chosen = language(request, lang)
    head = Stamp(
        title=stamp(title, chosen),
        region=report.get("region") if isinstance(report.get("region"), str) else principal.scope,
        as_of=report.get("as_of"),
        known_at=report.get("known_at"),
        position=getattr(request.state, "log_position", None),
    )
    body = await run_in_threadpool(workbook, head, report, chosen)
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)  # a header is latin-1: the id's other characters go
    headers = {"Content-Disposition": f'attachment; filename="{safe}.xlsx"'}
    return Response(body, media_type=XLSX, headers=headers)


@router.get("/counts.xlsx", summary="Counts as an Excel workbook", response_class=Response, responses=RESPONSES)
async def counts_xlsx(
    request: Request,
    principal: Reporter,
    region: RegionParam = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    since: Since = None,
    min_position: MinPosition = None,
    lang: LangParam = None,
) -> Response:
    report = await reports.get_counts(request, principal, region, as_of, known_at, None, [], None, since, min_position)
    return await answer(request, principal, "counts", report, lang, "counts")


@router.get(
    "/campaigns/{year}.xlsx",
    summary="A year's campaigns as an Excel workbook",
    response_class=Response,
    responses=RESPONSES,
)
async def campaign_year_xlsx(
    request: Request,
    principal: Reporter,
    year: Year,
    region: RegionParam = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
    lang: LangParam = None,
) -> Response:
    report = await reports.get_campaign_year(request, principal, year, region, as_of, known_at, min_position)
    return await answer(request, principal, "campaign_year", report, lang, f"campaigns-{year}")


@router.get(
    "/campaigns/{year}/Q{quarter}.xlsx",
    summary="A quarter's campaign as an Excel workbook",
    response_class=Response,
    responses=RESPONSES,
)
async def campaign_quarter_xlsx(
    request: Request,
    principal: Reporter,
    year: Year,
    quarter: Annotated[int, Path(ge=1, le=4)],
    region: RegionParam = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
    lang: LangParam = None,
) -> Response:
    report = await reports.get_campaign_quarter(
        request, principal, year, quarter, region, as_of, known_at, min_position
    )
    return await answer(request, principal, "campaign_quarter", report, lang, f"campaigns-{year}-Q{quarter}")


@router.get(
    "/dormant.xlsx",
    summary="Dormant organisations as an Excel workbook (up to 10 000 rows)",
    response_class=Response,
    responses=RESPONSES,
)
async def dormant_xlsx(
    request: Request,
    principal: Reporter,
    since: Since = None,
    region: RegionParam = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
    lang: LangParam = None,
) -> Response:
    report = await reports.get_dormant(request, principal, since, region, as_of, known_at, 0, 10_000, min_position)
    return await answer(request, principal, "dormant", report, lang, "dormant")


@router.get(
    "/federations/{federation_id}/guided.xlsx",
    summary='A "1+N" tree as an Excel workbook',
    response_class=Response,
    responses=NOT_FOUND,
)
async def guided_xlsx(
    request: Request,
    principal: Reporter,
    federation_id: Annotated[str, Path(max_length=80)],
    as_of: AsOf = None,
    known_at: KnownAt = None,
    since: Since = None,
    min_position: MinPosition = None,
    lang: LangParam = None,
) -> Response:
    report = await reports.get_guided(request, principal, federation_id, as_of, known_at, since, min_position)
    return await answer(request, principal, "guided", report, lang, f"guided-{federation_id}")


@router.get(
    "/audit/entities/{entity_id}.xlsx",
    summary="One entity's audit timeline as an Excel workbook (auditors, admin)",
    response_class=Response,
    responses=NOT_FOUND,
)
async def audit_xlsx(
    request: Request,
    principal: Auditor,
    entity_id: Annotated[str, Path(max_length=80)],
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
    lang: LangParam = None,
) -> Response:
    report = await audit.get_entity(
        request,
        principal,
        entity_id,
        as_of=as_of,
        known_at=known_at,
        after=0,
        limit=1000,
        format="json",
        min_position=min_position,
    )
    return await answer(request, principal, "audit", report, lang, f"audit-{entity_id}")


@router.get(
    "/members/report.xlsx",
    summary="Members and their projects (counts only) as an Excel workbook",
    response_class=Response,
    responses=RESPONSES,
)
async def members_xlsx(
    request: Request,
    principal: Reporter,
    region: RegionParam = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    min_position: MinPosition = None,
    lang: LangParam = None,
) -> Response:
    report = await people.get_members_report(request, principal, region, as_of, known_at, min_position)
    return await answer(request, principal, "members", report, lang, "members")
