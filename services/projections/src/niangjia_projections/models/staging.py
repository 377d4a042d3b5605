"""Aggregates that a rebuild stages and sums at the end.

Live, each run of events adds its deltas to an aggregate's rows (an upsert per row, a row back to
zero removed by a trigger). A model never reads its aggregates while it applies events, so while a
fresh file loads the deltas are appended, as they come, to a temp table of the rebuild's connection
(`Aggregate.stage`); at the end the aggregate is the sum of its deltas by key, written in key order,
the keys whose figures sum to zero left out: the rows the live upserts leave. Appending is a
fraction of an upsert at a random place of a large table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Aggregate:
    """An aggregate table: its key columns and the figures summed under each key."""

    table: str
    keys: tuple[str, ...]
    figures: tuple[str, ...]

    @property
    def stage(self) -> str:
        return f"temp.{self.table}_delta"

    @property
    def create(self) -> str:
        return f"CREATE TABLE {self.stage} AS SELECT * FROM main.{self.table} WHERE 0"  # noqa: S608 - constant names

    @property
    def columns(self) -> str:
        return ", ".join((*self.keys, *self.figures))

    @property
    def _marks(self) -> str:
        return ", ".join("?" * (len(self.keys) + len(self.figures)))

    @property
    def append(self) -> str:
        """Appends a row of deltas to the stage."""
        return f"INSERT INTO {self.stage} ({self.columns}) VALUES ({self._marks})"  # noqa: S608 - constant names

    @property
    def upsert(self) -> str:
        """Adds a row of deltas to the aggregate."""
        sums = ", ".join(f"{f} = {f} + excluded.{f}" for f in self.figures)
        return (
            f"INSERT INTO main.{self.table} ({self.columns}) VALUES ({self._marks})"  # noqa: S608 - constant names
            f" ON CONFLICT ({', '.join(self.keys)}) DO UPDATE SET {sums}"
        )

    @property
    def drops_zero(self) -> str:
        """The trigger that removes a row whose figures came back to zero."""
        zero = " AND ".join(f"new.{f} = 0" for f in self.figures)
        same = " AND ".join(f"{k} = new.{k}" for k in self.keys)
        return (
            f"CREATE TRIGGER {self.table}_drops_zero AFTER UPDATE ON {self.table} WHEN {zero}"  # noqa: S608
            f" BEGIN DELETE FROM {self.table} WHERE {same}; END"
        )

    @property
    def total(self) -> str:
        """Sums the stage into the aggregate."""
        keys = ", ".join(self.keys)
        sums = ", ".join(f"sum({f})" for f in self.figures)
        nonzero = " OR ".join(f"sum({f}) != 0" for f in self.figures)
        return (
            f"INSERT INTO main.{self.table} ({self.columns}) SELECT {keys}, {sums} FROM {self.stage}"  # noqa: S608
            f" GROUP BY {keys} HAVING {nonzero} ORDER BY {keys}"
        )

    def is_staging(self, conn: sqlite3.Connection) -> bool:
        """Whether a rebuild stages this aggregate's deltas on `conn`."""
        name = self.stage.partition(".")[2]
        query = "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?"
        return conn.execute(query, (name,)).fetchone() is not None

    def sum_stage(self, conn: sqlite3.Connection) -> None:
        """Sums the stage into the aggregate and drops it, in a transaction."""
        conn.execute("BEGIN")
        conn.execute(self.total)
        conn.execute(f"DROP TABLE {self.stage}")
        conn.execute("COMMIT")
