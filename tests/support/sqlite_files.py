"""A SQLite file changed behind the store's back, as a bad disk, a restore or a hand edit would leave it."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def run_sql(path: Path, statement: str, *args: object) -> int:
    """Run one statement on the SQLite file at `path`, committed; the rows it changed."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            return conn.execute(statement, args).rowcount
    finally:
        conn.close()
