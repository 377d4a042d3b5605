"""Audit history for auditors: the log with whole envelopes, entity timelines, CSV and JSON Lines."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from niangjia_contracts import Instant
from niangjia_kit.auth import Auditor, Principal
from niangjia_kit.errors import ApiError
from niangjia_kit.personal import Disclosure
from starlette.concurrency import run_in_threadpool

from niangjia_projections.audit_personal import all_opened
from niangjia_projections.entrypoints import audit_answers
from niangjia_projections.entrypoints.deps import (
    READ_MODELS_REFUSED,
    AsOf,
    At,
    KnownAt,
    Wait,
    beyond_scope,
    caught_up,
    clocks,
    key_store,
    not_found,
    on_read_models,
    query_route,
    read_models,
    scoped_region,
)
from niangjia_projections.models.audit import queries as audit
from niangjia_projections.models.common import ReadModels

router = APIRouter(prefix="/audit", tags=["audit"], responses={503: READ_MODELS_REFUSED})

Format = Annotated[Literal["json", "csv", "jsonl"], Query(description="json (paginated), csv or jsonl (all, streamed)")]


async def _format(format: Format = "json") -> str:
    return format


async def _log_page(
    after: Annotated[int, Query(ge=0, le=2**62, description="Page after this position")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> tuple[int, int]:
    return after, limit


AsFormat = Annotated[str, Depends(_format)]
"""The query parameter format, after the route's own parameters."""
_MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
EXPORTS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "format=json: a page (application/json); format=csv: every row as CSV, cells a "
        "spreadsheet would evaluate prefixed with a quote; format=jsonl: every row as JSON Lines",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ApiError(422, "invalid_request", f"{field} needs a time zone", field=field)
    return value


def _export(request: Request, principal: Principal, where: audit.AuditFilter, fmt: str, name: str) -> StreamingResponse:
    models = read_models(request)
    disclosure = Disclosure(key_store(request), principal, f"audit_export_{fmt}")

    def records() -> Iterator[bytes]:
        with models.connect("audit") as conn:
            rows = all_opened(audit.rows(conn, where), disclosure)
            yield from audit.as_csv(rows) if fmt == "csv" else audit.as_jsonl(rows)

    return StreamingResponse(
        records(),
        media_type=_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@query_route(
    router,
    "/log",
    "Every event with its whole envelope, filtered; paginated or exported",
    audit_answers.AuditPage,
    responses=EXPORTS,
)
async def get_log(
    request: Request,
    principal: Auditor,
    entity: Annotated[str | None, Query(max_length=80)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    event_type: Annotated[str | None, Query(max_length=100)] = None,
    recorded_from: Annotated[Instant | None, Query(description="Recorded at or after (with zone)")] = None,
    recorded_to: Annotated[Instant | None, Query(description="Recorded before (with zone)")] = None,
    *,
    at: At,
    page: Annotated[tuple[int, int], Depends(_log_page)],
    format: AsFormat,
    min_position: Wait,
) -> Any:
    await caught_up(request, min_position)
    when = clocks(at.as_of, at.known_at)
    where = audit.AuditFilter(
        clocks=when,
        entity=entity,
        actor=actor,
        event_type=event_type,
        recorded_from=_aware(recorded_from, "recorded_from"),
        recorded_to=_aware(recorded_to, "recorded_to"),
        region=scoped_region(principal, at.region),
    )
    after, limit = page
    if format != "json":
        return _export(request, principal, where, format, "audit-log")
    return {**when.as_dict(), **await _page(request, principal, where, after, limit, "audit_log")}


async def _page(
    request: Request, principal: Principal, where: audit.AuditFilter, after: int, limit: int, purpose: str
) -> dict[str, Any]:
    """A page of the log, each appointment's personal data opened for a reader allowed to see it."""
    found = await on_read_models(request, ("audit",), lambda conn: audit.page(conn, where, after=after, limit=limit))
    disclosure = Disclosure(key_store(request), principal, purpose)
    items = await run_in_threadpool(lambda: list(all_opened(found["items"], disclosure)))
    return {**found, "items": items}


def _check_entity(models: ReadModels, principal: Principal, entity_id: str) -> None:
    with models.connect("audit") as conn:
        row = conn.execute(
            "SELECT region FROM audit_event WHERE entity_id = ? ORDER BY position LIMIT 1", (entity_id,)
        ).fetchone()
        if row is None:
            region = None
        else:
            known = conn.execute("SELECT region FROM audit_entity WHERE entity_id = ?", (entity_id,)).fetchone()
            region = known[0] if known else row[0]
    # an entity beyond the caller's scope answers as an unknown one: the same 404
    if row is None or beyond_scope(principal, region):
        raise not_found("events for entity", entity_id)


@query_route(router, "/entities/{entity_id}", "The timeline of one entity", audit_answers.Timeline, responses=EXPORTS)
async def get_entity(
    request: Request,
    principal: Auditor,
    entity_id: Annotated[str, Path(max_length=80)],
    as_of: AsOf = None,
    known_at: KnownAt = None,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    *,
    format: AsFormat,
    min_position: Wait,
) -> Any:
    await caught_up(request, min_position)
    models = read_models(request)
    await run_in_threadpool(_check_entity, models, principal, entity_id)
    when = clocks(as_of, known_at)
    where = audit.AuditFilter(entity=entity_id, clocks=when)
    if format != "json":
        return _export(request, principal, where, format, f"entity-{entity_id}")
    found = await _page(request, principal, where, after, limit, "audit_timeline")
    # an entity the log knows, with nothing on these clocks: said so, not "not found"
    status = "recorded" if found["items"] or after else "not_yet_recorded"
    return {"entity_id": entity_id, **when.as_dict(), "status": status, **found}
