"""Back up the SQLite event store while it is in use, and restore it into a data folder.

A backup is a folder holding `events.db` (a consistent snapshot taken with SQLite's online backup
API: commands may go on being written meanwhile; the copy holds exactly the commits made before it
started) and `manifest.json` (its SHA-256, size, event count and last position). A restore checks
the checksum and the database before anything is put in place, and never overwrites a store unless
told to (the old file is then kept beside it).

The read models and the NATS stream are not backed up: both are rebuilt from the events.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from niangjia_eventstore import SQLITE_TAIL_SUFFIX as TAIL_SUFFIX
from niangjia_kit.durable import fsync

from niangjia.restore_reset import reset_consumers

MANIFEST = "manifest.json"
STORE_FILE = "events.db"
FORMAT = "niangjia-sqlite-store-backup"
FORMAT_VERSION = 1
_CHUNK = 1 << 20


class BackupError(RuntimeError):
    """The backup could not be taken or restored; the message says why and what to do."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BackupInfo:
    """What a backup holds, as its manifest records it."""

    path: Path
    """The backup folder."""
    events: int
    last_position: int
    schema_version: int
    sha256: str
    size: int
    created_at: datetime
    source: str

    def manifest(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at.isoformat(),
            "source": self.source,
            "events": self.events,
            "last_position": self.last_position,
            "schema_version": self.schema_version,
            "files": {STORE_FILE: {"sha256": self.sha256, "size": self.size}},
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class RestoreInfo:
    """Where the store was restored to, what it holds, and where the store it replaced was kept."""

    store: Path
    events: int
    last_position: int
    replaced: Path | None
    consumers_moved: tuple[Path, ...] = ()
    """The consumers' state moved aside (restore_reset.py): each rebuilds from the restored store."""


def backup_sqlite_store(store_db: Path, dest: Path) -> BackupInfo:
    """Snapshot the store file `store_db` into the new (or empty) folder `dest`.

    Safe while services append: the copy is one read transaction, so it holds every commit made
    before it began and none after.
    """
    store_db, dest = Path(store_db), Path(dest)
    if not store_db.is_file():
        raise BackupError(f"no event store at {store_db}: pass the store file (e.g. data/events.db)")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not an empty folder: choose a new folder for the backup")
    dest.mkdir(parents=True, exist_ok=True)
    partial = dest / f".{STORE_FILE}.partial"
    try:
        with contextlib.closing(sqlite3.connect(f"{store_db.resolve().as_uri()}?mode=ro", uri=True)) as source:
            source.execute("PRAGMA busy_timeout = 30000")
            with contextlib.closing(sqlite3.connect(partial)) as copy:
                source.backup(copy, pages=-1)  # one step: one consistent snapshot, never restarted by writers
                copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
                events, last_position, schema_version = _inspect(copy, partial)
        fsync(partial)
        digest, size = _sha256(partial)
        partial.replace(dest / STORE_FILE)
        info = BackupInfo(
            path=dest,
            events=events,
            last_position=last_position,
            schema_version=schema_version,
            sha256=digest,
            size=size,
            created_at=datetime.now(UTC),
            source=str(store_db.resolve()),
        )
        _write_json(dest / MANIFEST, info.manifest())
        _fsync_dir(dest)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not back up {store_db}: {error}") from error
    return info


def verify_backup(backup: Path) -> BackupInfo:
    """The backup's manifest, after checking the file's checksum and the database's integrity."""
    backup = Path(backup)
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{backup} has no {MANIFEST}: it is not a niangjia store backup") from None
    except ValueError as error:
        raise BackupError(f"{backup / MANIFEST} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{backup / MANIFEST} is not a niangjia store backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"backup format version {manifest.get('format_version')} is not {FORMAT_VERSION}")
    expected = manifest["files"][STORE_FILE]
    digest, size = _sha256(backup / STORE_FILE)
    if (digest, size) != (expected["sha256"], expected["size"]):
        raise BackupError(
            f"{backup / STORE_FILE} does not match its manifest (sha256 {digest}, {size} bytes; "
            f"expected {expected['sha256']}, {expected['size']} bytes): the backup is damaged"
        )
    return BackupInfo(
        path=backup,
        events=int(manifest["events"]),
        last_position=int(manifest["last_position"]),
        schema_version=int(manifest["schema_version"]),
        sha256=digest,
        size=size,
        created_at=datetime.fromisoformat(manifest["created_at"]),
        source=str(manifest["source"]),
    )


def restore_sqlite_store(backup: Path, data_dir: Path, *, replace: bool = False) -> RestoreInfo:
    """Put the backup's store in place as `<data_dir>/events.db`. Stop the services first.

    Refuses when a store is already there, unless `replace`: then the old store is kept as
    `events.db.replaced-<time>` (with its WAL and its tail record) beside the restored one, and the
    restored store starts a new tail record from its own end (see docs/operators.md for the rest of
    the procedure: the consumers' reset).
    """
    info = verify_backup(backup)
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / STORE_FILE
    if target.exists() and not replace:
        raise BackupError(f"{target} already exists: restore into an empty data folder, or replace it on purpose")
    partial = data_dir / f".{STORE_FILE}.restoring"
    shutil.copyfile(info.path / STORE_FILE, partial)
    fsync(partial)
    if _sha256(partial) != (info.sha256, info.size):
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy at {partial} does not match the backup's checksum: is the disk full?")
    with contextlib.closing(sqlite3.connect(partial)) as copy:
        events, last_position, _ = _inspect(copy, partial)
    replaced: Path | None = None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if target.exists():
        replaced = data_dir / f"{STORE_FILE}.replaced-{stamp}"
        for suffix in ("", "-wal", "-shm", TAIL_SUFFIX):  # the tail record goes with its store
            old = data_dir / f"{STORE_FILE}{suffix}"
            if old.exists():
                old.replace(data_dir / f"{replaced.name}{suffix}")
    partial.replace(target)
    reset = reset_consumers(data_dir, stamp, last_position)
    _fsync_dir(data_dir)
    return RestoreInfo(
        store=target, events=events, last_position=last_position, replaced=replaced, consumers_moved=reset.moved
    )


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[int, int, int]:
    """(events, last position, schema version) after an integrity check of the copy."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(f"{path} failed SQLite's integrity check: {'; '.join(problems[:5])}")
    schema_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    try:
        events, last = conn.execute("SELECT count(*), coalesce(max(position), 0) FROM events").fetchone()
    except sqlite3.OperationalError as error:
        raise BackupError(f"{path} is not a niangjia event store: {error}") from error
    return int(events), int(last), schema_version


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _write_json(path: Path, data: dict[str, Any]) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    fsync(partial)
    partial.replace(path)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be fsynced
        fsync(path)
