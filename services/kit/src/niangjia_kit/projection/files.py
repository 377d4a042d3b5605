"""Where read models live: one SQLite file per model and generation, found through a symlink.

`<dir>/<model>.db` is a symlink to `<model>.<generation>.db`. A rebuilt model is swapped in by
renaming a new symlink over the old one (atomic), so readers open either the old file or the new
one, never a half-built one. Connections are always opened on the resolved file, so SQLite's WAL
and shared-memory files follow the generation, not the link.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from niangjia_kit.durable import fsync
from niangjia_kit.projection.checkpoint import ModelStatus, VersionMismatch, open_model
from niangjia_kit.projection.events import Projection

log = logging.getLogger("niangjia.projections")

_SUFFIXES = ("", "-wal", "-shm", "-journal")


class ModelFiles:
    """The folder of a set of read models: where the live runner opens them and a rebuild swaps them."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._directory = str(directory)

    def open(self, projection: Projection) -> ModelStatus:
        """Open the model's current file, or create and swap in an empty one (checkpoint 0). Under
        the model's lock file, so two runners starting at once on one folder end up on the same file."""
        with self.lock(projection.name):
            path = self.current(projection.name)
            if path is not None:
                try:
                    return open_model(projection, path, connect(path))
                except VersionMismatch as error:
                    log.warning("%s; starting it again from position 0", error)
            path = self.fresh(projection.name)
            try:
                model = open_model(projection, path, connect(path))
            except BaseException:
                remove(path)
                raise
            self.swap(projection.name, path)
            return model

    def swapped(self, model: ModelStatus) -> bool:
        """Whether a rebuild has swapped another file in since `model` was opened."""
        current = self.current(model.name)
        return current is not None and current != model.path

    def link(self, name: str) -> Path:
        return Path(self._link(name))

    def _link(self, name: str) -> str:
        return os.path.join(self._directory, f"{name}.db")

    def current(self, name: str) -> Path | None:
        """The file the model's link points at (None when the model has no file yet)."""
        found = self.located(name)
        return Path(found[0]) if found is not None else None

    def located(self, name: str) -> tuple[str, int] | None:
        """The file the model's link points at and its inode (a file replaced under the same name
        differs), None when the model has no file yet. Asked on every read of a read model, so with
        plain strings: two system calls."""
        try:
            path = os.path.join(self._directory, os.readlink(self._link(name)))
            return path, os.stat(path).st_ino
        except OSError:  # no link, not a link, or a link to no file
            return None

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
        fsync(self.directory)
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


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit): WAL for a model's writer,
    `query_only` for a reader."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA busy_timeout=30000")
    if readonly:
        conn.execute("PRAGMA query_only=1")
    else:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    return conn
