"""A report's answer as an Excel workbook (`workbook.workbook`), in the language asked for: Chinese by
default; English with `lang=en` or an Accept-Language that prefers another language than Chinese."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import Query, Request, Response
from niangjia_kit.auth import Principal
from niangjia_kit.localise import prefers_chinese
from starlette.concurrency import run_in_threadpool

from niangjia_projections.glossary import Lang, stamp
from niangjia_projections.workbook import XLSX, Stamp, workbook

LangParam = Annotated[
    Literal["zh", "en"] | None,
    Query(description="Language of the headers and names: zh (default) or en; else from Accept-Language"),
]


async def lang_given(lang: LangParam = None) -> str | None:
    """The `lang` parameter, as a dependency: it comes after a route's own parameters."""
    return lang


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
