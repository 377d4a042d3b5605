"""Where read models live: one SQLite file per model and generation, found through a symlink.

`<dir>/<model>.db` is a symlink to `<model>.<generation>.db`. A rebuilt model is swapped in by
renaming a new symlink over the old one (atomic), so readers open either the old file or the new
one, never a half-built one. Connections are always opened on the resolved file, so SQLite's WAL
and shared-memory files follow the generation, not the link.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

_SUFFIXES = ("", "-wal", "-shm", "-journal")


class ModelFiles:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def link(self, name: str) -> Path:
        return self.directory / f"{name}.db"

    def current(self, name: str) -> Path | None:
        """The file the model's link points at (None when the model has no file yet)."""
        try:
            target = os.readlink(self.link(name))
        except (FileNotFoundError, OSError):
            return None
        path = self.directory / target
        return path if path.exists() else None

    def fresh(self, name: str) -> Path:
        """A new, unused path for a generation of `name`."""
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            path = self.directory / f"{name}.{time.time_ns()}.db"
            if not path.exists():
                return path

    def swap(self, name: str, path: Path) -> Path | None:
        """Point the model's link at `path` atomically; removes the previous generation's files."""
        old = self.current(name)
        tmp = self.directory / f".{name}.link.{os.getpid()}.{time.time_ns()}"
        os.symlink(path.name, tmp)
        os.replace(tmp, self.link(name))
        _fsync_dir(self.directory)
        if old is not None and old != path:
            remove(old)
        return old

    @contextlib.contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold the model's lock file (`.<name>.lock`): one process at a time finds or creates its file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.directory / f".{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def generations(self, name: str) -> list[Path]:
        return sorted(p for p in self.directory.glob(f"{name}.*.db") if p.name.count(".") == 2)


def remove(path: Path) -> None:
    """Delete a generation's database file and its companions."""
    for suffix in _SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _null(value: None) -> None:
    return value


# sqlite3 binds int, float, str and bytearray directly; anything else, None included, goes through
# its adapter protocol, and without a registered adapter that is two more attribute lookups that
# fail: about 0.3 µs per None, several per event in a rebuild (the optional facts of an activity).
# An adapter registered for NoneType is found at the first lookup, and None still binds as NULL.
sqlite3.register_adapter(type(None), _null)

BUILD_CACHE_MIB = 16
"""The page cache of a file being rebuilt, unless its projection asks for another (`build_cache_mib`)."""


def connect(
    path: Path | str, *, fast_build: bool = False, readonly: bool = False, cache_mib: int = BUILD_CACHE_MIB
) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit).

    `fast_build` is for a file nobody reads yet (a rebuild): 16 KiB pages, no journal, no fsync, an
    exclusive lock and a page cache of `cache_mib`; call `finish_build` before swapping it in.
    """
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA busy_timeout=30000")
    if fast_build:
        conn.execute("PRAGMA page_size=16384")  # takes effect on a new, empty file only
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute(f"PRAGMA cache_size=-{cache_mib * 1024:d}")
    elif readonly:
        conn.execute("PRAGMA query_only=1")
    else:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def finish_build(conn: sqlite3.Connection) -> None:
    """Make a fast-built file durable and readable alongside a writer (WAL)."""
    conn.execute("PRAGMA locking_mode=NORMAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA optimize")
