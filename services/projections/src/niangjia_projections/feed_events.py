"""What one server-sent event of `GET /feed/stream` holds, as its OpenAPI documents it.

OpenAPI 3.1 describes a `text/event-stream` response one event at a time: an object with the SSE
fields (`event`, `data`, `id`, `retry`). Two kinds of event travel on the feed: a recorded event
(`event:` its type, `id:` its position, `data:` the JSON of a `GET /feed` page item) and, with
`checkpoints=true`, a signed checkpoint (`event: checkpoint`, no `id:` of its own, `data:` the JSON
of a `SignedCheckpoint` as `GET /ledger/checkpoints` serves it).
"""

from __future__ import annotations

from typing import Any

from niangjia_projections.feed_checkpoints import CHECKPOINT_EVENT

FEED_ITEM: dict[str, Any] = {
    "type": "object",
    "required": ["position", "event_type", "envelope", "event"],
    "properties": {
        "position": {"type": "integer", "minimum": 1, "description": "The event's position in the store"},
        "event_type": {"type": "string"},
        "envelope": {"type": "object", "description": "The whole envelope (ids, times, actor, schema_version)"},
        "event": {"type": "object", "description": "The event's facts, as its contract defines them"},
    },
}
"""One event as `GET /feed` lists it and a feed event's `data` carries it."""

_ID = {"type": "string", "pattern": "^[0-9]+$", "description": "The position of the last recorded event sent"}

RECORDED_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "not": {"const": CHECKPOINT_EVENT}, "description": "The event's type"},
        "id": _ID,
        "retry": {"type": "integer"},
        "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": FEED_ITEM},
    },
}

CHECKPOINT: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"const": CHECKPOINT_EVENT},
        "id": _ID,
        "retry": {"type": "integer"},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"$ref": "#/components/schemas/SignedCheckpoint"},
        },
    },
}

STREAM_RESPONSE: dict[str, Any] = {
    "description": "A text/event-stream, one SSE event at a time: each recorded event (`event:` its type, "
    "`id:` its position, `data:` the JSON of a `GET /feed` item: position, event_type, envelope, event); "
    "with `checkpoints=true` also `checkpoint` events (`data:` a signed checkpoint's JSON). A comment line "
    "every 15 s keeps idle connections open.",
    "content": {"text/event-stream": {"schema": {"oneOf": [RECORDED_EVENT, CHECKPOINT]}}},
}
"""The 200 of `GET /feed/stream`."""
