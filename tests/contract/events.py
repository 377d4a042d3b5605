"""Events to append in the contract tests, and unique stream ids (EventStoreDB keeps other tests' streams)."""

from __future__ import annotations

import json
from uuid import uuid4

from niangjia_eventstore import NewEvent


def stream(category: str = "tested") -> str:
    return f"{category}-{uuid4().hex}"


def event(n: int = 0, *, type: str = "Tested", text: str = "") -> NewEvent:
    data = json.dumps({"n": n, "text": text}, ensure_ascii=False).encode()
    return NewEvent(event_id=uuid4(), type=type, data=data, metadata=b'{"actor": "tester"}')


def events(count: int, *, start: int = 0) -> list[NewEvent]:
    return [event(start + i) for i in range(count)]
