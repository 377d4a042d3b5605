"""The operator's page: every service's health, each projection's position and lag, the relay's
state, the latest signed checkpoint (admin); the streams of the log and their events with their
envelopes (auditors and admin), read from the audit read model."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from niangjia_kit.auth import Admin, Auditor
from niangjia_kit.errors import ApiError
from niangjia_kit.projection import ProjectionRunner

from niangjia_projections.entrypoints import ledger
from niangjia_projections.entrypoints.deps import not_found, on_read_models, query_route, refusals
from niangjia_projections.models.audit import streams
from niangjia_projections.peers import health_of

router = APIRouter(prefix="/operator", tags=["operator"])

ERRORS = refusals(forbidden="The token's role may not see this", invalid="A parameter is malformed")


@query_route(
    router,
    "/status",
    "Every service's health, each projection's position and lag, the relay, the latest checkpoint (admin)",
    responses=ERRORS,
)
async def status(request: Request, principal: Admin) -> dict[str, Any]:
    settings = request.app.state.settings
    runner: ProjectionRunner | None = getattr(request.app.state, "runner", None)
    peers = await health_of(
        {"orgs": settings.orgs_url, "activities": settings.activities_url, "relay": settings.relay_url}
    )
    projections = runner.status() if runner else []
    own = {
        "reachable": True,
        "service": "projections",
        "status": "degraded" if any(p["failure"] for p in projections) else "ok",
        "store_position": max((p["store_position"] for p in projections), default=None),
    }
    try:
        checkpoint: Any = (await ledger.latest_checkpoint(request, principal)).model_dump(mode="json")
    except ApiError as error:
        checkpoint = {"missing": error.code}
    return {
        "services": {
            "orgs": peers["orgs"],
            "activities": peers["activities"],
            "projections": own,
            "relay": peers["relay"],
        },
        "projections": projections,
        "relay": peers["relay"],
        "checkpoint": checkpoint,
    }


@query_route(
    router, "/streams", "The log's streams by id prefix or event type, paged (auditors, admin)", responses=ERRORS
)
async def list_streams(
    request: Request,
    principal: Auditor,
    prefix: Annotated[str, Query(max_length=120, description="Start of the stream id, e.g. federation-")] = "",
    event_type: Annotated[
        str | None, Query(max_length=100, description="Streams holding an event of this type")
    ] = None,
    after: Annotated[str, Query(max_length=200, description="Page after this stream id")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    scope = principal.scope
    return await on_read_models(
        request,
        ("audit",),
        lambda conn: streams.streams(
            conn, prefix=prefix, event_type=event_type, region=scope, after=after, limit=limit
        ),
    )


@query_route(
    router,
    "/streams/{stream_id}",
    "One stream's events with their envelopes, by version, paged (auditors, admin)",
    responses={**ERRORS, 404: {"description": "No such stream (within the token's scope)"}},
)
async def stream_events(
    request: Request,
    principal: Auditor,
    stream_id: Annotated[str, Path(max_length=200)],
    after: Annotated[int, Query(ge=-1, le=2**62, description="Page after this stream version")] = -1,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    scope = principal.scope
    found = await on_read_models(
        request,
        ("audit",),
        lambda conn: streams.stream_events(conn, stream_id, region=scope, after=after, limit=limit),
    )
    if found is None:
        raise not_found("stream", stream_id)
    return found
