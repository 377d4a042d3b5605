"""The ledger's own file (ledger.db): the tree over the log, each leaf's event, the signed checkpoints.

Tables: `entries` (leaf index, the event's position and id), `nodes` (the tree, see tree.py; a
leaf's hash is node `index`), `checkpoints` (every one signed), `keys` (every public key that signed
one, so that checkpoints signed before a rotation stay verifiable) and `meta` (the log id). All but
the checkpoints can be rebuilt from the store (`reset_tree`, then catch up).
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from niangjia_verifier import Checkpoint, parse_time

from niangjia_ledger.nodes import SQLiteNodeStore
from niangjia_ledger.tree import MerkleTree

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, position INTEGER NOT NULL, event_id BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS checkpoints (tree_size INTEGER NOT NULL, time TEXT NOT NULL, root_hash BLOB NOT NULL,"
    " key_id TEXT NOT NULL, signature BLOB NOT NULL, log_id TEXT NOT NULL, PRIMARY KEY (tree_size, time, key_id))",
    "CREATE TABLE IF NOT EXISTS keys (key_id TEXT PRIMARY KEY, public_key BLOB NOT NULL)",
)
Entry = tuple[int, int, bytes, bytes]
"""A leaf as the ledger holds it: index, event position, event id bytes, leaf hash."""


class LedgerFile:
    def __init__(self, path: Path, *, log_id: str | None = None, readonly: bool = False) -> None:
        self.path = path
        self._writing = threading.RLock()
        """held by a write transaction and by `close`: the ledger writes on a worker thread, and closing
        the connection under a write that a cancelled task left running crashes the process"""
        if readonly:
            self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        else:
            self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            for statement in _SCHEMA:
                self._conn.execute(statement)
        self._nodes = SQLiteNodeStore(self._conn, create=not readonly)
        stored = self._meta("log_id")
        if stored is None and not readonly:
            stored = log_id or f"niangjia-{uuid.uuid4().hex[:16]}"
            self._conn.execute("INSERT INTO meta (key, value) VALUES ('log_id', ?)", (stored,))
        self.log_id = stored or ""
        self.tree = self._open_tree()

    def _meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _open_tree(self) -> MerkleTree:
        size = self._conn.execute("SELECT coalesce(max(idx) + 1, 0) FROM entries").fetchone()[0]
        return MerkleTree(self._nodes, size)

    def refresh(self) -> None:
        """Read the tree's size again (inside `snapshot`: as of that transaction)."""
        self.tree = self._open_tree()

    @property
    def size(self) -> int:
        return self.tree.size

    @property
    def last_position(self) -> int:
        row = self._conn.execute("SELECT position FROM entries WHERE idx = ?", (self.size - 1,)).fetchone()
        return 0 if row is None else int(row[0])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._writing:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                self.tree = self._open_tree()
                raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: what is read inside it is one consistent state of the file."""
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            self._conn.execute("COMMIT")

    def append(self, leaves: Sequence[tuple[int, bytes, bytes]]) -> None:
        """Add leaves (event position, event id bytes, leaf hash) after the last, in one transaction."""
        first = self.size
        with self._transaction():
            self._conn.executemany(
                "INSERT INTO entries (idx, position, event_id) VALUES (?, ?, ?)",
                [(first + i, position, event_id) for i, (position, event_id, _) in enumerate(leaves)],
            )
            self.tree.append([leaf for _, _, leaf in leaves])

    def add_checkpoint(self, checkpoint: Checkpoint, public_key: bytes) -> None:
        with self._transaction():
            self._conn.execute(
                "INSERT OR IGNORE INTO keys (key_id, public_key) VALUES (?, ?)", (checkpoint.key_id, public_key)
            )
            self._conn.execute(
                "INSERT INTO checkpoints (tree_size, time, root_hash, key_id, signature, log_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    checkpoint.tree_size,
                    checkpoint.to_json()["time"],
                    checkpoint.root_hash,
                    checkpoint.key_id,
                    checkpoint.signature,
                    checkpoint.log_id,
                ),
            )

    def checkpoints(self) -> list[Checkpoint]:
        rows = self._conn.execute(
            "SELECT log_id, tree_size, root_hash, time, key_id, signature FROM checkpoints ORDER BY tree_size, time"
        )
        return [
            Checkpoint(log_id=log, tree_size=size, root_hash=root, timestamp=parse_time(at), key_id=kid, signature=sig)
            for log, size, root, at, kid, sig in rows
        ]

    def checkpoints_after(self, tree_size: int, limit: int) -> list[Checkpoint]:
        """Checkpoints of a tree larger than `tree_size`, oldest first, at most `limit`."""
        rows = self._conn.execute(
            "SELECT log_id, tree_size, root_hash, time, key_id, signature FROM checkpoints WHERE tree_size > ?"
            " ORDER BY tree_size, time LIMIT ?",
            (tree_size, limit),
        )
        return [
            Checkpoint(log_id=log, tree_size=size, root_hash=root, timestamp=parse_time(at), key_id=kid, signature=sig)
            for log, size, root, at, kid, sig in rows
        ]

    def latest_checkpoint(self) -> Checkpoint | None:
        found = self.checkpoints()
        return found[-1] if found else None

    def public_keys(self) -> dict[str, bytes]:
        return {str(k): bytes(v) for k, v in self._conn.execute("SELECT key_id, public_key FROM keys")}

    def entries(self, after_index: int, limit: int) -> list[Entry]:
        """Leaves from index `after_index + 1` on (all from -1), in order."""
        return self._conn.execute(
            "SELECT e.idx, e.position, e.event_id, n.hash FROM entries AS e JOIN nodes AS n ON n.id = e.idx"
            " WHERE e.idx > ? ORDER BY e.idx LIMIT ?",
            (after_index, limit),
        ).fetchall()

    def leaves(self, first: int, count: int) -> list[tuple[int, bytes]]:
        """(event position, leaf hash) of the leaves from index `first`, at most `count`, in order."""
        return self._conn.execute(
            "SELECT e.position, n.hash FROM entries AS e JOIN nodes AS n ON n.id = e.idx"
            " WHERE e.idx >= ? AND e.idx < ? ORDER BY e.idx",
            (first, first + count),
        ).fetchall()

    def leaf_run(self, first: int, count: int) -> bytes:
        """The hashes of the leaves from index `first`, at most `count`, end to end (a leaf's node id is
        its index: one range of the nodes table, concatenated by SQLite)."""
        row = self._conn.execute(
            "SELECT CAST(group_concat(hash, '') AS BLOB) FROM"
            " (SELECT hash FROM nodes WHERE id >= ? AND id < ? ORDER BY id)",
            (first, first + count),
        ).fetchone()
        return b"" if row is None or row[0] is None else bytes(row[0])

    def index_of_event(self, event_id: bytes) -> int | None:
        row = self._conn.execute("SELECT idx FROM entries WHERE event_id = ? LIMIT 1", (event_id,)).fetchone()
        return None if row is None else int(row[0])

    def index_of_position(self, position: int) -> int | None:
        """The leaf of the event at `position`: a binary search, positions growing with the index.

        The first guess is index position - 1, where the leaf is when positions have no gaps (SQLite's).
        """
        lo, hi = 0, self.size - 1
        query = "SELECT position FROM entries WHERE idx = ?"
        if 0 <= position - 1 <= hi and self._conn.execute(query, (position - 1,)).fetchone()[0] == position:
            return position - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            found = self._conn.execute(query, (mid,)).fetchone()[0]
            if found == position:
                return mid
            lo, hi = (mid + 1, hi) if found < position else (lo, mid - 1)
        return None

    def reset_tree(self) -> None:
        """Forget every leaf and node (to rebuild them from the store); checkpoints and keys stay."""
        with self._transaction():
            self._conn.execute("DELETE FROM entries")
            self._conn.execute("DELETE FROM nodes")
        self.tree = self._open_tree()

    def close(self) -> None:
        """Close the file once a write under way has ended."""
        with self._writing:
            self._conn.close()
