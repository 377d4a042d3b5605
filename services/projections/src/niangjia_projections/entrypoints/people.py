"""Reports on the people of the federations: members by role, level and region, their "one member,
one deed" projects by service area and status, and the chairs' contact directory (JSON, and Excel
for readers allowed to see names and numbers). The directory opens the sealed personal data only
for the admin and recorders of the region, through the key store, and records every read; everyone
else sees pseudonyms (member ids). Erased members read "已删除"."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from niangjia_contracts import ERASED
from niangjia_kit.auth import Principal, Reporter
from niangjia_kit.errors import ApiError
from niangjia_kit.personal import Disclosure, may_read_personal
from starlette.concurrency import run_in_threadpool

from niangjia_projections import member_search
from niangjia_projections.entrypoints import people_answers
from niangjia_projections.entrypoints.deps import (
    QUICK,
    READ_MODELS_REFUSED,
    At,
    MinPosition,
    NamePart,
    RegionParam,
    ReportAt,
    Wait,
    caught_up,
    key_store,
    name_given,
    on_read_models,
    query_route,
    scoped_region,
)
from niangjia_projections.entrypoints.shared import shared_answer
from niangjia_projections.entrypoints.xlsx import answer, lang_given, language
from niangjia_projections.glossary import Lang, stamp
from niangjia_projections.models.members import queries, search

router = APIRouter(tags=["members"], responses={503: READ_MODELS_REFUSED})

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@query_route(
    router,
    "/members/report",
    "Members serving by role, level, region and community role; their projects",
    people_answers.MembersReport,
)
async def get_members_report(
    request: Request,
    principal: Reporter,
    at: At,
    region_depth: Annotated[
        int | None,
        Query(
            ge=0,
            le=10,
            description="by_region cut this many levels below the region (default: each member's own region). "
            "按地区分组时向下列出的层级数（默认各执委所在地区）",
        ),
    ] = None,
    min_position: Wait = None,
) -> Response:
    """Counts only: no names, no pseudonyms."""
    scope, moments = at.resolve(principal)
    await caught_up(request, min_position)
    return await shared_answer(
        request,
        principal,
        ("members",),
        lambda c: queries.members_report(c, scope, moments, region_depth=region_depth),
        lane=QUICK,
        finish=lambda report: {"region": scope, **moments.as_dict(), **report},
    )


async def _directory(request: Request, principal: Principal, at: ReportAt) -> list[dict[str, Any]]:
    scope, moments = at.resolve(principal)

    def read(conn: sqlite3.Connection) -> list[queries.Entry]:
        return queries.chairs(conn, scope, moments)

    entries = await on_read_models(request, ("members",), read)
    keys = key_store(request)

    def disclose() -> list[dict[str, Any]]:
        disclosure = Disclosure(keys, principal, "chairs_directory")
        rows = []
        for e in entries:
            personal = disclosure.open(e.member_id, e.region, e.sealed, e.erased)
            shown = personal.model_dump() if personal else dict.fromkeys(("name", "mobile", "employer", "title"))
            place = {"member_id": e.member_id, "federation_id": e.federation_id, "region": e.region, "level": e.level}
            rows.append({**place, **shown})
        disclosure.close()
        return rows

    return await run_in_threadpool(disclose)


@query_route(
    router,
    "/members/directory",
    "The chairs' contact directory of a region (names for those allowed)",
    people_answers.Directory,
)
async def get_directory(request: Request, principal: Reporter, at: At, min_position: Wait) -> dict[str, Any]:
    """Names and numbers for the admin and recorders of each chair's region (each read recorded);
    others see the chairs' pseudonyms and places with the personal fields null."""
    await caught_up(request, min_position)
    rows = await _directory(request, principal, at)
    return {"region": scoped_region(principal, at.region), "chairs": len(rows), "items": rows}


@query_route(
    router,
    "/members",
    "Members whose name contains a text (the admin, and recorders of the member's region)",
    member_search.MembersFound,
    responses={
        403: {"description": "The role may not see names (reporters, auditors), or the region is outside the scope"},
        422: {"description": "An empty or overlong name, a malformed region"},
    },
)
async def find_members(
    request: Request,
    principal: Reporter,
    name: NamePart,
    region: RegionParam = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    min_position: MinPosition = None,
) -> dict[str, Any]:
    """Names are sealed: each candidate in the region is opened and compared (NFC, case-folded); the
    members found are recorded as read. Erased members are never found."""
    scope = scoped_region(principal, region)
    if not may_read_personal(principal, scope or ""):
        raise ApiError(403, "forbidden", f"role {principal.role.value} may not look for members by name")
    text = name_given(member_search.folded(name))
    await caught_up(request, min_position)
    candidates = await on_read_models(request, ("members",), lambda conn: search.candidates(conn, scope))
    keys = key_store(request)
    found = await run_in_threadpool(member_search.find, keys, principal, candidates, text, limit)
    return {"name": text, "region": scope, **found}


@query_route(
    router,
    "/members/directory.xlsx",
    "The chairs' contact directory as an Excel workbook (admin and recorders of the region)",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}, 403: {"description": "The role may not read names and numbers"}},
)
async def get_directory_xlsx(
    request: Request,
    principal: Reporter,
    at: At,
    min_position: Wait,
    lang: Annotated[str | None, Depends(lang_given)],
) -> Response:
    """Names and numbers of each chair (each read recorded); 403 for roles that may not see them.
    Stamped as every export is, its headers and levels by their names; erased data "已删除" (English: "erased")."""
    scope = scoped_region(principal, at.region)
    if not may_read_personal(principal, scope or ""):
        raise ApiError(403, "forbidden", f"role {principal.role.value} may not export names and numbers")
    await caught_up(request, min_position)
    rows = await _directory(request, principal, at)
    chosen = language(request, lang)
    report: dict[str, Any] = {"region": scope, **at.resolve(principal)[1].as_dict(), "chairs": len(rows)}
    report["items"] = [_sheet_row(row, chosen) for row in rows]
    return await answer(request, principal, "chairs_directory", report, chosen, "chairs-directory")


def _sheet_row(row: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """A chair as the workbook shows her: her own name and job title under their own headers (姓名,
    单位职务: not an organisation's 名称); personal data erased, "已删除" or "erased" by the language."""

    def kept(value: Any) -> Any:
        return stamp("erased", lang) if value == ERASED else value

    personal = {"person_name": row["name"], "mobile": row["mobile"], "employer": row["employer"]}
    personal["job_title"] = row["title"]
    place = {k: row[k] for k in ("member_id", "federation_id", "region", "level")}
    return {**place, **{k: kept(v) for k, v in personal.items()}}
