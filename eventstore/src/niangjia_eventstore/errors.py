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
