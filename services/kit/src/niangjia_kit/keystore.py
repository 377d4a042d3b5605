"""The key store: one AES-256 data key per person, kept apart from the events (its own SQLite file,
`<data folder>/keys/keys.db`, readable by its owner only).

Erasing a person deletes her key and leaves a tombstone (her key id, when): the ciphertext in the
log can never be opened again, and no new key is ever made under that id. `secure_delete` overwrites
the deleted key's bytes in the file; the rollback journal (not WAL) leaves no copy behind.

The store also keeps the access log: every read of a person's data by a principal (who, whose,
when, why); and how far it has checked the event log for erasures (`apply_erasures`), so that a key
store restored from a backup taken before an erasure forgets the erased key again on start.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from niangjia_eventstore import EventStore

KEYS_FILE = "keys/keys.db"
"""The key store's place in the data folder: a folder of its own, so that it can be a volume of its
own (docker compose) and be backed up apart from the events (`niangjia keys backup`)."""
ERASURE_EVENT = "MemberErased"
MEMBER_STREAM_PREFIX = "member-"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS data_keys (key_id TEXT PRIMARY KEY, key BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS erased (key_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL, position INTEGER);
CREATE TABLE IF NOT EXISTS access_log (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, reader TEXT NOT NULL, role TEXT NOT NULL,
    key_id TEXT NOT NULL, purpose TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checked (one INTEGER PRIMARY KEY CHECK (one = 1), position INTEGER NOT NULL);
"""


class KeyErased(LookupError):
    """The person's data key was destroyed: her data cannot be sealed or opened again."""


@dataclass(frozen=True, slots=True)
class Access:
    at: str
    reader: str
    role: str
    key_id: str
    purpose: str


def _now() -> str:
    return datetime.now(UTC).isoformat()


class KeyStore:
    """Data keys by key id (a member's id). Thread-safe; every call is one short transaction."""

    def __init__(self, path: Path | None) -> None:
        """The key store in the file `path` (made owner-only); in memory when None (tests)."""
        self.path = path
        if path is not None:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
            os.chmod(path, 0o600)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=DELETE")
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def backup(self, target: Path) -> int:
        """A consistent copy of the whole key store in `target` (owner-only); how many keys it holds."""
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        copy = sqlite3.connect(target)
        try:
            with self._lock:
                self._db.backup(copy)
            return int(copy.execute("SELECT count(*) FROM data_keys").fetchone()[0])
        finally:
            copy.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def key_for(self, key_id: str) -> bytes:
        """The person's key, made on first use; `KeyErased` once she has been erased."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if self._db.execute("SELECT 1 FROM erased WHERE key_id = ?", (key_id,)).fetchone():
                    raise KeyErased(key_id)
                row = self._db.execute("SELECT key FROM data_keys WHERE key_id = ?", (key_id,)).fetchone()
                if row is None:
                    key = secrets.token_bytes(32)
                    self._db.execute("INSERT INTO data_keys VALUES (?, ?, ?)", (key_id, key, _now()))
                    row = (key,)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return bytes(row[0])

    def key(self, key_id: str) -> bytes | None:
        """The person's key; None when she has none (erased, or the key was never made)."""
        with self._lock:
            row = self._db.execute("SELECT key FROM data_keys WHERE key_id = ?", (key_id,)).fetchone()
        return None if row is None else bytes(row[0])

    def erase(self, key_id: str, position: int | None = None) -> None:
        """Destroy the person's key and leave a tombstone (idempotent)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM data_keys WHERE key_id = ?", (key_id,))
            self._db.execute("INSERT OR IGNORE INTO erased VALUES (?, ?, ?)", (key_id, _now(), position))
            self._db.execute("COMMIT")

    def key_ids(self) -> list[str]:
        """The ids of the keys held (not erased)."""
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT key_id FROM data_keys ORDER BY key_id")]

    def is_erased(self, key_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM erased WHERE key_id = ?", (key_id,)).fetchone() is not None

    def record_access(self, reader: str, role: str, key_ids: Iterable[str], purpose: str) -> None:
        """Log that `reader` (a token id) read the personal data of each of `key_ids`."""
        at = _now()
        rows = [(at, reader, role, key_id, purpose) for key_id in key_ids]
        if not rows:
            return
        with self._lock:
            self._db.executemany(
                "INSERT INTO access_log (at, reader, role, key_id, purpose) VALUES (?, ?, ?, ?, ?)", rows
            )

    def accesses(self, key_id: str | None = None) -> list[Access]:
        """The access log, oldest first (of one person when `key_id` is given)."""
        sql = "SELECT at, reader, role, key_id, purpose FROM access_log"
        with self._lock:
            if key_id is None:
                rows = self._db.execute(sql + " ORDER BY id").fetchall()
            else:
                rows = self._db.execute(sql + " WHERE key_id = ? ORDER BY id", (key_id,)).fetchall()
        return [Access(*row) for row in rows]

    def checked_position(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT position FROM checked WHERE one = 1").fetchone()
        return 0 if row is None else int(row[0])

    def _mark_checked(self, position: int) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO checked VALUES (1, ?)", (position,))


async def apply_erasures(keys: KeyStore, store: EventStore, page: int = 5000) -> int:
    """Destroy every key whose erasure the log records after the position last checked: a key store
    restored from an older backup forgets the people erased since. Returns how many were destroyed."""
    after = keys.checked_position()
    if after > await store.last_position():
        after = 0  # the store is not the one last checked against: check it all
    destroyed = 0
    while True:
        batch = await store.read_all(after=after, limit=page)
        if not batch:
            break
        for recorded in batch:
            if recorded.type == ERASURE_EVENT and recorded.stream_id.startswith(MEMBER_STREAM_PREFIX):
                key_id = recorded.stream_id.removeprefix(MEMBER_STREAM_PREFIX)
                if keys.key(key_id) is not None or not keys.is_erased(key_id):
                    destroyed += 1
                keys.erase(key_id, recorded.position)
        after = batch[-1].position
        keys._mark_checked(after)
    return destroyed
