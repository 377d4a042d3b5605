"""The tree's node stores: a dict (tests, small trees) and a table in a SQLite connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

SCHEMA = "CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL)"
_CHUNK = 500
"""Ids per SELECT ... IN: under SQLite's limit on bound parameters."""


class MemoryNodeStore:
    def __init__(self) -> None:
        self.nodes: dict[int, bytes] = {}

    def get_nodes(self, ids: Sequence[int]) -> dict[int, bytes]:
        nodes = self.nodes
        return {i: nodes[i] for i in ids if i in nodes}

    def put_nodes(self, nodes: Sequence[tuple[int, bytes]]) -> None:
        self.nodes.update(nodes)


class SQLiteNodeStore:
    """The `nodes` table of `conn`; writes join the caller's transaction (the caller commits)."""

    def __init__(self, conn: sqlite3.Connection, *, create: bool = True) -> None:
        self._conn = conn
        if create:
            conn.execute(SCHEMA)

    def get_nodes(self, ids: Sequence[int]) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        for at in range(0, len(ids), _CHUNK):
            chunk = ids[at : at + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self._conn.execute(f"SELECT id, hash FROM nodes WHERE id IN ({marks})", chunk))  # noqa: S608
        return found

    def put_nodes(self, nodes: Sequence[tuple[int, bytes]]) -> None:
        self._conn.executemany("INSERT INTO nodes (id, hash) VALUES (?, ?)", nodes)
