"""Errors every adapter raises in the same situations."""

from __future__ import annotations


class EventStoreError(Exception):
    """Base class of the store's errors."""


class InvalidAppend(EventStoreError, ValueError):
    """The append itself is malformed (empty stream id, oversize event, bad expected version).

    Nothing was written.
    """


class EventIdsReused(InvalidAppend):
    """Some or all of these event ids were appended before, by another append (another stream,
    another version, or only some of them): the append is not a repeat of that one. Nothing was
    written.

    Command ids, and so event ids, derive from a client's Idempotency-Key: a service answers this
    as the key having been used for a different request.
    """


class WrongExpectedVersion(EventStoreError):
    """The stream is not at the version the caller expected. Nothing was written."""

    def __init__(self, stream_id: str, expected: object, actual: int | None) -> None:
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
        shown = "no stream" if actual is None else f"version {actual}"
        super().__init__(f"stream {stream_id!r} is at {shown}, expected {expected}")


class EventStoreUnavailable(EventStoreError):
    """The store cannot be reached now; the operation may be retried. Nothing was written.

    `code` names the cause for an API's error body; `retry_after` is the seconds a caller should
    wait before trying again.
    """

    code = "store_unavailable"
    retry_after = 5


class StoreFull(EventStoreUnavailable):
    """The store's disk is full (SQLITE_FULL, ENOSPC). Nothing was written; writes resume by
    themselves once space is freed."""

    code = "disk_full"
    retry_after = 30


class StoreReadOnly(EventStoreUnavailable):
    """The store cannot be written: its file or filesystem is read-only, or permission is denied
    (SQLITE_READONLY, EROFS, EACCES). Nothing was written; writes resume by themselves once it is
    writable again."""

    code = "store_read_only"
    retry_after = 30


class StoreRegressed(EventStoreError):
    """The store no longer holds an event it held: a truncated log, a torn write, an older file
    restored without saying so. Nothing is written to, or consumed from, a store in this state
    until a restore resets the consumers (`niangjia restore --replace`, docs/operators.md).

    `position` and `event_id` are what was known (by a consumer's checkpoint or the store's own
    high-water record); `found` is the id the store holds there now (None: nothing, the head is
    below `position`).
    """

    code = "store_regressed"

    def __init__(self, position: int, event_id: str, found: str | None, head: int) -> None:
        self.position = position
        self.event_id = event_id
        self.found = found
        self.head = head
        there = "nothing" if found is None else f"event {found}"
        super().__init__(
            f"the event store went backwards: event {event_id} was at position {position}; the store holds"
            f" {there} there and ends at position {head}"
        )


class EventCorrupted(EventStoreError):
    """A stored event's bytes no longer match the checksum written with them. Whoever read it stops
    at `position`; writers refuse to append to the store until it is restored."""

    code = "event_corrupted"

    def __init__(self, position: int, detail: str = "its bytes do not match the checksum stored with them") -> None:
        self.position = position
        super().__init__(f"the stored event at position {position} is corrupted: {detail}")
