"""What the query routes share: the read models, the two clocks, region scope, read-your-writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import APIRouter, Depends, Query, Request
from niangjia_contracts.regions import UnknownRegion, place
from niangjia_contracts.types import REGION_RULES, BusinessDate, Instant, check_region
from niangjia_kit.apierrors import UNAUTHENTICATED_401
from niangjia_kit.auth import Principal, check_scope
from niangjia_kit.errors import ApiError
from niangjia_kit.integrity import IntegrityWatch
from niangjia_kit.keystore import KEYS_FILE, KeyStore
from niangjia_kit.projection import ProjectionRunner

from niangjia_projections.entrypoints.answer_cache import Stand
from niangjia_projections.models.common import Clocks, ReadModels
from niangjia_projections.receipts import RECEIPT_HEADER, RECEIPT_VALUES, read_marks

AsOf = Annotated[BusinessDate | None, Query(description="Business date the report stands on (YYYY-MM-DD)")]
KnownAt = Annotated[
    Instant | None, Query(description="What the system had recorded by this time (an ISO timestamp with zone)")
]
RegionParam = Annotated[
    str | None,
    Query(
        max_length=400,
        description=f"A region path such as 江苏省/常州市/武进区 ({REGION_RULES}): the region and all below it, within "
        "the token's scope (beyond it: 403)",
    ),
]
MinPosition = Annotated[
    int | None,
    Query(ge=0, le=2**62, description="Wait (briefly) until the read models have applied this store position"),
]
NamePart = Annotated[str, Query(max_length=100, description="A part of the name (at least one character)")]

Route = TypeVar("Route", bound=Callable[..., Any])


def query_route(
    router: APIRouter, path: str, summary: str, answer: Any = None, **options: Any
) -> Callable[[Route], Route]:
    """A read's GET route: its path, its one-line summary, the model of its answer (where the return
    type does not name it) and FastAPI's other options (`responses`, `description`, ...)."""
    if answer is not None:
        options["response_model"] = answer
    return router.get(path, summary=summary, **options)


@dataclass(frozen=True)
class ReportAt:
    """Where and when a report stands, as asked: `region`, `as_of` and `known_at`, checked by `resolve`
    when the route asks (each route keeps its order of checks)."""

    region: str | None
    as_of: date | None
    known_at: datetime | None

    def resolve(self, principal: Principal) -> tuple[str | None, Clocks]:
        """The region the report is limited to (`scoped_region`) and its clocks; ApiError 403 or 422."""
        return scoped_region(principal, self.region), clocks(self.as_of, self.known_at)


async def report_at(region: RegionParam = None, as_of: AsOf = None, known_at: KnownAt = None) -> ReportAt:
    return ReportAt(region, as_of, known_at)


async def wait_for(min_position: MinPosition = None) -> int | None:
    return min_position


At = Annotated[ReportAt, Depends(report_at)]
"""The query parameters region, as_of and known_at, in this order (after the route's own parameters)."""
Wait = Annotated[int | None, Depends(wait_for)]
"""The query parameter min_position, for `caught_up` (after the route's own parameters)."""


READ_MODELS_REFUSED: dict[str, Any] = {
    "description": "No answer now; `error.code` says why: `read_model_behind` (retry), `store_regressed` (the "
    "store lost events the read models hold; restore it) or `event_corrupted` (a stored event changed; "
    "`error.position` names it). No figure is computed from a store at fault."
}
"""The 503 of every route that reads the read models."""

Responses = dict[int | str, dict[str, Any]]
REPORTS_FORBIDDEN = "The token's role may not read reports, or the region is outside its scope"


def refusals(*, forbidden: str, invalid: str | None = None) -> Responses:
    """A read route's 401, and its 403 and 422 (where it takes parameters) in the route's words."""
    responses: Responses = {
        401: {"description": UNAUTHENTICATED_401},
        403: {"description": forbidden},
    }
    if invalid is not None:
        responses[422] = {"description": invalid}
    return responses


def key_store(request: Request) -> KeyStore:
    """The key store beside the read models (`<data folder>/keys/keys.db`), opened on first use."""
    keys: KeyStore | None = getattr(request.app.state, "keys", None)
    if keys is None:
        keys = KeyStore(request.app.state.settings.data_dir / KEYS_FILE)
        request.app.state.keys = keys
    return keys


def read_models(request: Request) -> ReadModels:
    models: ReadModels = request.app.state.read_models
    return models


T = TypeVar("T")
POSITION_TRIES = 20


async def on_read_models(
    request: Request, models: tuple[str, ...], query: Callable[[sqlite3.Connection], T], *, lane: str | None = None
) -> T:
    """`query` on one read-only connection to `models` (the first main, the others attached), run
    on a worker thread so that the event loop goes on serving meanwhile; the log position the
    models stand at in that same transaction goes to `request.state.log_position`.

    A query that reads a region's organisations one by one goes in its `lane` (`scan_lane`): it
    waits for its turn among those of the country, a province or a city (`wide_report_threads`), or
    among a county's (`county_report_threads`). Their work holds the interpreter, and two at once
    took twice as long as one after the other; a county's never waits for the country's. A report
    read from the kept sums takes its turn in `QUICK` (`quick_report_threads`): a few milliseconds
    each, and sixteen at once answered about half as many as two at a time. The other queries (a
    tree, a page of the audit log, a search) run at once. (A report whose answer holds no personal
    data is shared while the models stand still: `shared.shared_answer`.)

    No answer is computed from a store at fault: when the runner stopped on a store that went
    backwards or on a corrupted event, every query answers 503 with that code."""
    refuse_on_fault(request)
    result, stand = await computed(request, models, query, lane)
    request.state.log_position = stand.position  # receipts.LogPosition answers it in X-Log-Position
    return result


def refuse_on_fault(request: Request) -> None:
    """What every read of the read models checks first: the receipt header, the store's health."""
    check_receipt_request(request)
    refuse_on_store_fault(request)


async def computed(
    request: Request, models: tuple[str, ...], query: Callable[[sqlite3.Connection], T], lane: str | None
) -> tuple[T, Stand]:
    """`query`'s answer and where the models stood for it (`on_read_models`), in its `lane`."""

    def run() -> tuple[T, Stand]:
        models_now, tries = read_models(request), 0
        while True:  # the runner may be between two models' commits: read again, a few times
            with models_now.connect_on(*models) as (conn, files):
                position, changes = read_marks(conn, models)
                if position is not None or tries == POSITION_TRIES:
                    return query(conn), Stand(files, position, changes, models_now.generation(*models) == files)
            tries += 1

    lanes: dict[str, anyio.CapacityLimiter] = getattr(request.app.state, "report_lanes", {})  # made at start
    return await anyio.to_thread.run_sync(run, limiter=lanes.get(lane) if lane is not None else None)


def standing(request: Request, models: tuple[str, ...]) -> Stand:
    """Where `models` stand now: their files, the position they have applied and where each last
    changed. Read on the event loop: a read-only connection of a WAL file never waits for the
    runner's writes, and the pool lends one already open (0.1 ms, against a thread's hand-over twice
    that)."""
    models_now = read_models(request)
    with models_now.connect_on(*models) as (conn, files):
        position, changes = read_marks(conn, models)
    return Stand(files, position, changes, models_now.generation(*models) == files)


WIDE, COUNTY, QUICK = "wide", "county", "quick"


def scan_lane(scope: str | None) -> str:
    """The lane of a report that reads the organisations of `scope` one by one: `wide` over more
    than one county (the country, a province, a city), else `county`."""
    if scope is None:
        return WIDE
    try:
        return COUNTY if place(scope).division.county else WIDE
    except UnknownRegion:
        return COUNTY


def check_receipt_request(request: Request) -> None:
    """ApiError 422 for an X-Log-Receipt header that is none of RECEIPT_VALUES (never read as "no")."""
    value = request.headers.get(RECEIPT_HEADER)
    if value is not None and value.strip() not in RECEIPT_VALUES:
        raise ApiError(
            422,
            "invalid_header",
            f"{RECEIPT_HEADER} must be one of {', '.join(RECEIPT_VALUES)}",
            field=RECEIPT_HEADER,
        )


def refuse_on_store_fault(request: Request) -> None:
    """ApiError 503 (`store_regressed`, `event_corrupted`) when the live runner stopped on the store."""
    watch: IntegrityWatch | None = getattr(request.app.state, "integrity", None)
    if watch is not None and watch.fault is not None:
        fault = watch.fault
        raise ApiError(503, fault.code, str(fault), position=fault.position)
    runner: ProjectionRunner | None = getattr(request.app.state, "runner", None)
    for model in runner.models if runner is not None else ():
        failure = model.failure
        if failure is not None and failure.code is not None:
            raise ApiError(503, failure.code, failure.message, position=failure.position)


def beyond_scope(principal: Principal, region: str | None) -> bool:
    """Whether an entity of `region` (None: none recorded) lies beyond the token's scope. Such an entity
    answers as an unknown one (`not_found`, 404), never 403: no existence is told outside the scope."""
    return not principal.covers(region or "")


def not_found(what: str, entity_id: str) -> ApiError:
    """The 404 of an unknown id, and of one beyond the token's scope: the same answer."""
    return ApiError(404, "not_found", f"no {what} {entity_id}", id=entity_id)


def clocks(as_of: date | None, known_at: datetime | None) -> Clocks:
    if known_at is not None and known_at.tzinfo is None:
        raise ApiError(
            422, "invalid_request", "known_at needs a time zone (e.g. 2024-05-01T00:00:00Z)", field="known_at"
        )
    return Clocks(as_of=as_of, known_at=known_at)


def name_given(text: str) -> str:
    """`text`, the name looked for once normalised, when it has a character; else ApiError 422."""
    if not text:
        raise ApiError(422, "invalid_request", "name: give at least one character to look for", field="name")
    return text


def scoped_region(principal: Principal, region: str | None) -> str | None:
    """The region a query is limited to: the one asked for (inside the token's scope), else the scope."""
    if region is not None:
        try:
            region = check_region(region)
        except ValueError as error:
            raise ApiError(422, "invalid_request", f"region: {error}", field="region") from error
        check_scope(principal, region)
        return region
    return principal.scope


async def caught_up(request: Request, min_position: int | None) -> None:
    """Read-your-writes: wait until the read models have applied `min_position`; 503 if they do not in time."""
    if min_position is None:
        return
    runner: ProjectionRunner | None = getattr(request.app.state, "runner", None)
    if runner is None:
        return
    if runner.checkpoint() < min_position and min_position > await request.app.state.store.last_position():
        raise ApiError(  # a position the store has not given yet: waiting would not help
            422,
            "invalid_query",
            f"min_position {min_position} is beyond the last recorded event",
            field="min_position",
        )
    wait = request.app.state.settings.consistency_wait_seconds
    if not await runner.wait_for(min_position, wait):
        raise ApiError(
            503,
            "read_model_behind",
            f"the read models have not reached position {min_position} yet; retry",
            checkpoint=runner.checkpoint(),
            headers={"Retry-After": "1"},
        )
