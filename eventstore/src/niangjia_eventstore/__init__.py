"""The event store port and its adapters: append, read a stream, read all, subscribe."""

from niangjia_eventstore.errors import (
    EventIdsReused,
    EventStoreError,
    EventStoreUnavailable,
    InvalidAppend,
    WrongExpectedVersion,
)
from niangjia_eventstore.factory import open_store
from niangjia_eventstore.port import (
    MAX_EVENT_BYTES,
    AppendResult,
    EventStore,
    ExpectedVersion,
    NewEvent,
    RawEvent,
    RecordedEvent,
    StreamState,
    validate_append,
)
from niangjia_eventstore.sqlite import SQLiteEventStore

__all__ = [
    "MAX_EVENT_BYTES",
    "AppendResult",
    "EventIdsReused",
    "EventStore",
    "EventStoreError",
    "EventStoreUnavailable",
    "ExpectedVersion",
    "InvalidAppend",
    "NewEvent",
    "RawEvent",
    "RecordedEvent",
    "SQLiteEventStore",
    "StreamState",
    "WrongExpectedVersion",
    "open_store",
    "validate_append",
]
