"""A report's answer computed once and shared while the read models stand still (`answer_cache`).

The body is rendered as the route would render it (its response model checks the answer and
writes it, FastAPI's own `serialize_response` with the route's options), once, and the bytes are
what is kept: a country's counts, read again, cost neither their computing nor their writing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.routing import APIRoute, serialize_response
from niangjia_kit.tokens import Principal

from niangjia_projections.entrypoints.answer_cache import Answer, AnswerCache, AnswerKey
from niangjia_projections.entrypoints.deps import computed, refuse_on_fault, standing

T = TypeVar("T")
ROUTE_OPTIONS = ("include", "exclude", "by_alias", "exclude_unset", "exclude_defaults", "exclude_none")
"""The route's `response_model_*` options, as FastAPI passes them when it renders an answer itself."""


async def shared_answer(
    request: Request,
    principal: Principal,
    models: tuple[str, ...],
    query: Callable[[sqlite3.Connection], T],
    *,
    lane: str | None = None,
    finish: Callable[[T], Any] | None = None,
) -> Response:
    """The route's answer to `query` on `models` (as `deps.on_read_models` computes it, in its
    `lane`), then `finish`ed (it may raise a refusal, never kept), rendered by the route's response
    model: given from those kept when the same was asked by a token of `principal`'s role and scope
    while the read models stood where they stand now; else computed once for all who ask meanwhile."""
    refuse_on_fault(request)

    async def compute() -> Answer:
        content, stand = await computed(request, models, query, lane)
        return await rendered(request, finish(content) if finish is not None else content), stand

    answers: AnswerCache | None = getattr(request.app.state, "answers", None)
    if answers is None or not answers.enabled:
        body, stand = await compute()
    else:
        key = AnswerKey.of(request, principal)
        now = standing(request, models)
        kept = answers.get(key, now)
        body, stand = (kept, now) if kept is not None else await answers.once(key, now, compute)
    request.state.log_position = stand.position  # receipts.LogPosition answers it in X-Log-Position
    return Response(body, media_type="application/json")


async def rendered(request: Request, content: Any) -> bytes:
    """`content` checked and written by the route's response model, with the route's options; as
    plain JSON for a route without one (an export, which reads the report back to lay it out)."""
    route: APIRoute = request.scope["route"]
    if route.response_field is None:
        return json.dumps(jsonable_encoder(content), ensure_ascii=False).encode()
    options = {name: getattr(route, f"response_model_{name}") for name in ROUTE_OPTIONS}
    body: bytes = await serialize_response(
        field=route.response_field, response_content=content, dump_json=True, **options
    )
    return body
