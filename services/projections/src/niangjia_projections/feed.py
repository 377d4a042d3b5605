"""The integration feed: pages of events after a position, and server-sent events.

For integrators that cannot reach NATS. The same events the relay publishes, in store order, each
with its envelope; an integrator keeps the last position it handled and asks for what follows.

- `GET /feed?after=&limit=&types=&region=`: one page, with `next_after` to ask for the next one
  (it moves past events the filters skipped, so a filtered reader never scans them twice)
- `GET /feed/stream?after=&types=&region=`: server-sent events, `id:` the position, `event:` the
  event type, `data:` the same JSON as a page item; resumes after `Last-Event-ID` (or `?after=`);
  a comment line every 15 s keeps proxies from closing an idle stream; with `checkpoints=true` it
  also carries the ledger's signed checkpoints as `checkpoint` events (feed_checkpoints.py).

Region filter: an event matches when its region lies within the asked region. Events that name no
region of their own (an inspection, a recognition, a closure) take the region of their entity,
learnt from the entity's first event (`FederationFounded`, `MicroHomeOpened`); the lookup is kept
in memory and built from the store on first use. An integrator token with a region scope sees only
its scope.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from niangjia_contracts import EVENT_TYPES, decode_envelope, decode_recorded, region_within
from niangjia_contracts.types import check_region
from niangjia_eventstore import EventStore, RecordedEvent
from niangjia_kit.auth import Integrator, Principal
from niangjia_kit.errors import ApiError
from niangjia_kit.routes import STORE_FAULT
from niangjia_ledger.service import ledger_paths
from sse_starlette import EventSourceResponse, ServerSentEvent

from niangjia_projections.feed_checkpoints import checkpoint_events, merged
from niangjia_projections.feed_events import STREAM_RESPONSE

router = APIRouter(tags=["feed"])

MAX_LIMIT = 1000
SCAN_PER_PAGE = 5000
"""The most events one page request reads while the filters skip them."""
HEARTBEAT_SECONDS = 15.0
MAX_TYPES = 20
MAX_POSITION = 2**62
"""The largest position a client may name (the store's positions are SQLite integers, below 2**63)."""
_POSITION = re.compile(r"[0-9]{1,19}")


class RegionIndex:
    """Stream id -> region, from every event that names one; caught up from the store on demand."""

    def __init__(self) -> None:
        self.position = 0
        self.regions: dict[str, str] = {}
        self._lock = asyncio.Lock()

    def learn(self, event: RecordedEvent) -> None:
        if event.position <= self.position:
            return
        region = _region_field(event)
        if region is not None:
            self.regions.setdefault(event.stream_id, region)
        self.position = event.position

    async def catch_up(self, store: EventStore, up_to: int) -> None:
        if self.position >= up_to:
            return
        async with self._lock:
            while self.position < up_to:
                page = await store.read_all(self.position, 2000)
                if not page:
                    return
                for event in page:
                    self.learn(event)

    def region_of(self, event: RecordedEvent) -> str | None:
        return _region_field(event) or self.regions.get(event.stream_id)


def _region_field(event: RecordedEvent) -> str | None:
    try:
        data = json.loads(event.data)
    except ValueError:
        return None
    region = data.get("region") if isinstance(data, dict) else None
    return region if isinstance(region, str) else None


def _index(request: Request) -> RegionIndex:
    state = request.app.state
    index: RegionIndex | None = getattr(state, "feed_regions", None)
    if index is None:
        index = RegionIndex()
        state.feed_regions = index
    return index


class FeedFilter:
    """Which events a reader asked for (types, region) and may see (its token's scope)."""

    def __init__(self, types: list[str], region: str | None, principal: Principal) -> None:
        names = {name.strip() for item in types for name in item.split(",") if name.strip()}
        if len(names) > MAX_TYPES:
            raise ApiError(422, "invalid_query", f"at most {MAX_TYPES} event types", field="types")
        unknown = sorted(names - set(EVENT_TYPES))
        if unknown:
            raise ApiError(
                422,
                "invalid_query",
                f"unknown event types {', '.join(unknown)}; known: {', '.join(sorted(EVENT_TYPES))}",
                field="types",
            )
        self.types = frozenset(names)
        if region is not None:
            try:
                region = check_region(region)
            except ValueError as error:
                raise ApiError(422, "invalid_query", str(error), field="region") from None
        scope = principal.scope
        if region is not None and scope is not None and not region_within(region, scope):
            raise ApiError(
                403,
                "out_of_scope",
                f"token scope {scope} does not cover region {region}",
                scope=scope,
                region=region,
            )
        self.region = region or scope

    @property
    def needs_regions(self) -> bool:
        return self.region is not None

    def matches(self, event: RecordedEvent, index: RegionIndex) -> bool:
        if self.types and event.type not in self.types:
            return False
        if self.region is None:
            return True
        region = index.region_of(event)
        return region is not None and region_within(region, self.region)


def feed_item(event: RecordedEvent) -> dict[str, Any]:
    """One event as the feed serves it: position, envelope and the contract model's JSON."""
    try:
        record = decode_recorded(event)
        envelope = record.envelope.model_dump(mode="json")
        envelope["schema_version"] = type(record.event).schema_version
        body: Any = record.event.model_dump(mode="json")
    except (LookupError, ValueError):  # a type newer than these contracts: serve it as stored
        try:
            envelope = decode_envelope(event).model_dump(mode="json")
        except ValueError:
            envelope = {"event_id": str(event.event_id), "event_type": event.type, "position": event.position}
        body = json.loads(event.data)
    return {"position": event.position, "event_type": event.type, "envelope": envelope, "event": body}


def last_event_position(header: str) -> int:
    """The position a `Last-Event-ID` names: digits, at most MAX_POSITION; else 422."""
    text = header.strip()
    if not _POSITION.fullmatch(text) or int(text) > MAX_POSITION:
        raise ApiError(
            422,
            "invalid_header",
            f"Last-Event-ID must be a position: digits, at most {MAX_POSITION}",
            field="Last-Event-ID",
        )
    return int(text)


TypesQuery = Annotated[
    list[str],
    Query(description="Event types to keep (repeat, or comma-separate); all when absent", max_length=MAX_TYPES),
]
RegionQuery = Annotated[
    str | None,
    Query(description="Keep events within this region path, e.g. 江苏省/常州市", max_length=400),
]


@router.get("/feed", summary="A page of events after a position", responses=STORE_FAULT)
async def get_feed(
    request: Request,
    principal: Integrator,
    after: Annotated[
        int, Query(ge=0, le=MAX_POSITION, description="The last position already handled (0: from the start)")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    types: TypesQuery = [],  # noqa: B006 - FastAPI copies query defaults
    region: RegionQuery = None,
) -> dict[str, Any]:
    chosen = FeedFilter(types, region, principal)
    store: EventStore = request.app.state.store
    index = _index(request)
    events: list[dict[str, Any]] = []
    position = after
    scanned = 0
    exhausted = False
    while len(events) < limit and scanned < SCAN_PER_PAGE:
        page = await store.read_all(position, min(MAX_LIMIT, max(limit * 2, 100)))
        if not page:
            exhausted = True
            break
        if chosen.needs_regions:
            await index.catch_up(store, page[-1].position)
        for event in page:
            scanned += 1
            position = event.position
            if chosen.matches(event, index):
                events.append(feed_item(event))
                if len(events) == limit:
                    break
    last = await store.last_position()
    return {
        "events": events,
        "next_after": position,
        "has_more": not exhausted and position < last,
        "last_position": last,
    }


@router.get(
    "/feed/stream",
    summary="Server-sent events after a position, then live",
    response_class=EventSourceResponse,
    responses={
        **STORE_FAULT,
        200: STREAM_RESPONSE,
    },
)
async def stream_feed(
    request: Request,
    principal: Integrator,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_POSITION, description="Start after this position (Last-Event-ID wins)")
    ] = None,
    types: TypesQuery = [],  # noqa: B006 - FastAPI copies query defaults
    region: RegionQuery = None,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
    checkpoints: Annotated[
        bool,
        Query(
            description="Also send the ledger's signed checkpoints, as `checkpoint` events without an `id:`: the "
            "latest one first, then each as it is signed (for witnesses; docs/integrators.md)"
        ),
    ] = False,
) -> EventSourceResponse:
    chosen = FeedFilter(types, region, principal)
    start = after or 0
    if last_event_id is not None and last_event_id.strip():
        start = last_event_position(last_event_id)
    store: EventStore = request.app.state.store
    index = _index(request)

    async def events() -> AsyncIterator[ServerSentEvent]:
        subscription = store.subscribe(start)
        try:
            async for event in subscription:
                if chosen.needs_regions:
                    await index.catch_up(store, event.position)
                if chosen.matches(event, index):
                    yield ServerSentEvent(
                        data=json.dumps(feed_item(event), ensure_ascii=False, separators=(",", ":")),
                        event=event.type,
                        id=str(event.position),
                    )
        finally:
            close = getattr(subscription, "aclose", None)
            if close is not None:
                await close()

    stream: AsyncIterator[ServerSentEvent] = events()
    if checkpoints:
        ledger_file, _ = ledger_paths(request.app.state.settings.data_dir)
        stream = merged(stream, checkpoint_events(ledger_file))
    return EventSourceResponse(stream, ping=HEARTBEAT_SECONDS, headers={"Cache-Control": "no-store"})
