"""A read-only view of the ledger file's checkpoints, for processes that only publish or serve them.

The runner is the only writer of ledger.db; the relay (which publishes every checkpoint on NATS)
and the projections service's routes read it through this: a SQLite connection opened read-only,
one short read transaction per call, so they never block the runner and never change the file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from niangjia_verifier import Checkpoint, parse_time

_SELECT = "SELECT log_id, tree_size, root_hash, time, key_id, signature FROM checkpoints"


def _checkpoint(row: tuple[str, int, bytes, str, str, bytes]) -> Checkpoint:
    log, size, root, at, kid, sig = row
    return Checkpoint(log_id=log, tree_size=size, root_hash=root, timestamp=parse_time(at), key_id=kid, signature=sig)


def checkpoint_id(checkpoint: Checkpoint) -> str:
    """A checkpoint's identity, the same wherever it is kept: log, size, time and key (its message id on NATS)."""
    return f"{checkpoint.log_id}/{checkpoint.tree_size}/{checkpoint.to_json()['time']}/{checkpoint.key_id}"


class CheckpointReader:
    """The checkpoints of a ledger file, read-only; None of them until the file exists."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._conn is None:
            if not self.path.is_file():
                return None
            self._conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
        return self._conn

    def after(self, tree_size: int, time: str = "", limit: int = 1000) -> list[Checkpoint]:
        """Checkpoints after (tree_size, time) in the order they were signed, at most `limit`."""
        conn = self._connection()
        if conn is None:
            return []
        try:
            rows = conn.execute(
                _SELECT + " WHERE (tree_size, time) > (?, ?) ORDER BY tree_size, time LIMIT ?",
                (tree_size, time, limit),
            ).fetchall()
        except sqlite3.OperationalError as error:  # the runner has not made its tables yet
            if "no such table" in str(error):
                return []
            raise
        return [_checkpoint(row) for row in rows]

    def latest(self) -> Checkpoint | None:
        conn = self._connection()
        if conn is None:
            return None
        try:
            row = conn.execute(_SELECT + " ORDER BY tree_size DESC, time DESC LIMIT 1").fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise
        return None if row is None else _checkpoint(row)

    def holds(self, checkpoint: Checkpoint) -> bool:
        """Whether the file holds this very checkpoint (the same signature): it is the ledger's own."""
        conn = self._connection()
        if conn is None:
            return False
        row = conn.execute(
            "SELECT signature FROM checkpoints WHERE tree_size = ? AND time = ? AND key_id = ? AND log_id = ?",
            (checkpoint.tree_size, checkpoint.to_json()["time"], checkpoint.key_id, checkpoint.log_id),
        ).fetchone()
        return row is not None and bytes(row[0]) == checkpoint.signature

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
