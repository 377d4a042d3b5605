"""Every report as an Excel workbook for paperwork (`/exports/<report>.xlsx`): the same report, the same
parameters, the same role and region scope, read by the report's own route; the sheet is stamped
with the region, both clocks and the log position the figures reflect (also in X-Log-Position, and
with `X-Log-Receipt: true` a signed receipt of the workbook's bytes). Chinese by default; English
with `lang=en` or an Accept-Language that prefers another language than Chinese."""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from niangjia_projections.entrypoints import audit, people, reports
from niangjia_projections.entrypoints.deps import refusals
from niangjia_projections.entrypoints.grouping import Grouping
from niangjia_projections.entrypoints.xlsx import answer, lang_given
from niangjia_projections.workbook import XLSX

router = APIRouter(prefix="/exports", tags=["exports"])

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
    **refusals(
        forbidden="The token's role may not read this report, or the region is outside its scope",
        invalid="A parameter is malformed (e.g. a region path or a known_at without a zone)",
    ),
    503: {"description": "The read models or the ledger (for a receipt) have not caught up yet; retry"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {**RESPONSES, 404: {"description": "No such federation or entity"}}


Report = Callable[..., Awaitable[dict[str, Any] | Response]]
"""A report's route: its answer, or its answer's JSON body (`shared.shared_answer`)."""


def export(
    name: str,
    path: str,
    summary: str,
    report: Report,
    *,
    title: str,
    filename: str,
    responses: Mapping[int | str, dict[str, Any]] = RESPONSES,
    omit: tuple[str, ...] = (),
    fixed: Mapping[str, Any] | None = None,
) -> None:
    """Route `GET /exports{path}` (operation `name`): the `report` route's own parameters but `omit`
    (those take `fixed`, else their defaults), then `lang`; its answer as a workbook titled `title`,
    saved as `filename` (formatted with the parameters, e.g. `campaigns-{year}`)."""
    asked = [p for p in inspect.signature(report, eval_str=True).parameters.values() if p.name not in omit]
    # a dependency, not a parameter of the route's own, so that it comes after the report's shared ones
    lang = inspect.Parameter(
        "lang", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[str | None, Depends(lang_given)]
    )

    async def endpoint(**given: Any) -> Response:
        chosen = given.pop("lang")
        found = await report(**given, **(fixed or {}))
        if isinstance(found, Response):
            found = json.loads(bytes(found.body))
        return await answer(given["request"], given["principal"], title, found, chosen, filename.format(**given))

    endpoint.__signature__ = inspect.Signature([*asked, lang], return_annotation=Response)  # type: ignore[attr-defined]
    endpoint.__name__ = name
    router.get(path, summary=summary, response_class=Response, responses=dict(responses))(endpoint)


export(
    "counts_xlsx",
    "/counts.xlsx",
    "Counts as an Excel workbook",
    reports.get_counts,
    title="counts",
    filename="counts",
    omit=("grouping",),
    fixed={"grouping": Grouping()},
)
export(
    "campaign_year_xlsx",
    "/campaigns/{year}.xlsx",
    "A year's campaigns as an Excel workbook",
    reports.get_campaign_year,
    title="campaign_year",
    filename="campaigns-{year}",
)
export(
    "campaign_quarter_xlsx",
    "/campaigns/{year}/Q{quarter}.xlsx",
    "A quarter's campaign as an Excel workbook",
    reports.get_campaign_quarter,
    title="campaign_quarter",
    filename="campaigns-{year}-Q{quarter}",
)
export(
    "dormant_xlsx",
    "/dormant.xlsx",
    "Dormant organisations as an Excel workbook (up to 10 000 rows)",
    reports.get_dormant,
    title="dormant",
    filename="dormant",
    omit=("page",),
    fixed={"page": (0, 10_000)},
)
export(
    "guided_xlsx",
    "/federations/{federation_id}/guided.xlsx",
    'A "1+N" tree as an Excel workbook',
    reports.get_guided,
    title="guided",
    filename="guided-{federation_id}",
    responses=NOT_FOUND,
    omit=("depth",),  # a workbook lists the whole tree
)
export(
    "audit_xlsx",
    "/audit/entities/{entity_id}.xlsx",
    "One entity's audit timeline as an Excel workbook (auditors, admin)",
    audit.get_entity,
    title="audit",
    filename="audit-{entity_id}",
    responses=NOT_FOUND,
    omit=("after", "limit", "format"),
    fixed={"format": "json"},
)
export(
    "members_xlsx",
    "/members/report.xlsx",
    "Members and their projects (counts only) as an Excel workbook",
    people.get_members_report,
    title="members",
    filename="members",
)
