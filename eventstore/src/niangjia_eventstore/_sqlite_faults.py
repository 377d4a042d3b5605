"""What a failed SQLite call says about the store: a full disk, a read-only file, a file that cannot
be opened. Such a fault is not the caller's doing and passes once the disk or file is fixed, so it
is raised as one of the store's typed errors (errors.py), never as a bare sqlite3 error.
"""

from __future__ import annotations

import errno
import os
import sqlite3

from niangjia_eventstore.errors import EventStoreError, EventStoreUnavailable, StoreFull, StoreReadOnly

FREE_BYTES_TO_RESUME = 1024 * 1024
"""Free space a full store's filesystem needs before the store is called writable again."""
FULL_BELOW_BYTES = 64 * 1024
"""A filesystem with less free space than this is full: a commit's WAL frames would not fit."""

_FULL = {sqlite3.SQLITE_FULL}
_READ_ONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_UNAVAILABLE = {sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOLFS}
_OS_FULL = {errno.ENOSPC, errno.EDQUOT}
_OS_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def store_fault(exc: BaseException, path: str) -> EventStoreUnavailable | None:
    """The typed error `exc` amounts to for the store file at `path`; None when it is no store fault
    (a bug, a constraint, a lock: the caller handles those)."""
    if isinstance(exc, OSError):
        if exc.errno in _OS_FULL:
            return StoreFull(f"the event store's disk is full: {exc}")
        if exc.errno in _OS_READ_ONLY:
            return StoreReadOnly(f"the event store cannot be written: {exc}")
        return EventStoreUnavailable(f"the event store cannot be used: {exc}")
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in _FULL:
        return StoreFull(f"the event store's disk is full: {exc}")
    if primary in _READ_ONLY:
        return StoreReadOnly(f"the event store file is read-only: {exc}")
    if primary in _UNAVAILABLE:
        if not writable(path):  # SQLite says "cannot open"; the file system says why
            return StoreReadOnly(f"the event store file is read-only: {exc}")
        return EventStoreUnavailable(f"the event store cannot be used: {exc}")
    return None


def as_store_error(exc: sqlite3.Error, path: str) -> EventStoreError:
    """`exc` as the store's error: typed when it is a fault of the disk or file, else generic."""
    fault = store_fault(exc, path)
    return fault if fault is not None else EventStoreError(f"sqlite: {exc}")


def writable(path: str) -> bool:
    """Whether this process may write the store file (or create it) and its folder (the WAL files)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.access(folder, os.W_OK):
        return False
    return not os.path.exists(path) or os.access(path, os.W_OK)


def free_bytes(path: str) -> int:
    """Bytes an unprivileged writer may still use on the store file's filesystem."""
    stats = os.statvfs(os.path.dirname(os.path.abspath(path)))
    return stats.f_bavail * stats.f_frsize
