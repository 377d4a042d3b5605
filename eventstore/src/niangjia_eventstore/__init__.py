"""The event store port and its adapters: append, read a stream, read all, subscribe."""

from niangjia_eventstore._sqlite_tail import SUFFIX as SQLITE_TAIL_SUFFIX
from niangjia_eventstore.errors import (
    EventCorrupted,
    EventIdsReused,
    EventStoreError,
    EventStoreUnavailable,
    InvalidAppend,
    StoreFull,
    StoreReadOnly,
    StoreRegressed,
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
    "SQLITE_TAIL_SUFFIX",
    "AppendResult",
    "EventCorrupted",
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
    "StoreFull",
    "StoreReadOnly",
    "StoreRegressed",
    "StreamState",
    "WrongExpectedVersion",
    "open_store",
    "validate_append",
]
