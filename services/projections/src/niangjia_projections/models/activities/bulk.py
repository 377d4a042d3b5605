"""A rebuild of the activities model stages the campaign aggregates' deltas and sums them at the end.

Live, each run of events adds its deltas to the aggregates' rows (an upsert per row, a row back to
zero removed by a trigger). The projection never reads those tables, so while a fresh file loads the
deltas are appended, as they come, to temp tables of the rebuild's connection (`Staged`), and the
organisers are placed once every event is applied (`sweep`); at the end each aggregate is the sum of its deltas by key, written in key order, the keys whose figures sum
to zero left out: the rows the live upserts leave. Appending is a fraction of an upsert at a random
place of a large table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from niangjia_projections.models.activities import keeping, sweep


@dataclass(frozen=True, slots=True)
class _Aggregate:
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
    def append(self) -> str:
        marks = ", ".join("?" * (len(self.keys) + len(self.figures)))
        return f"INSERT INTO {self.stage} ({self.columns}) VALUES ({marks})"  # noqa: S608 - constant names

    @property
    def total(self) -> str:
        keys = ", ".join(self.keys)
        sums = ", ".join(f"sum({f})" for f in self.figures)
        nonzero = " OR ".join(f"sum({f}) != 0" for f in self.figures)
        return (
            f"INSERT INTO main.{self.table} ({self.columns}) SELECT {keys}, {sums} FROM {self.stage}"  # noqa: S608
            f" GROUP BY {keys} HAVING {nonzero} ORDER BY {keys}"
        )


_SUM = _Aggregate(
    "campaign_sum",
    ("node", "slot", "held_on", "known_day"),
    ("activities", "people_served", "volunteers", "goods_value_cents"),
)
_ORGANISERS = _Aggregate("campaign_organisers", ("node", "slot", "measure", "day", "known_day"), ("organisers",))
_FEDERATIONS = _Aggregate(
    "campaign_federations", ("node", "measure", "day", "opened_on", "known_day"), ("federations",)
)
_AGGREGATES = (_SUM, _ORGANISERS, _FEDERATIONS)

STAGED = keeping.Adds(_SUM.append, _ORGANISERS.append, _FEDERATIONS.append, staged=True)
"""The statements that append a run's deltas to the stages (in the order of `keeping.LIVE`'s), the
organisers placed at the end (`sweep`)."""

FINISH_CACHE_MIB = 16
"""The page cache while the stages are summed and the organisers placed."""

_IS_STAGING = "SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'campaign_sum_delta'"


def adds_for(conn: sqlite3.Connection) -> keeping.Adds:
    """How the deltas are added on this connection: staged while a rebuild loads, else live."""
    return STAGED if conn.execute(_IS_STAGING).fetchone() else keeping.LIVE


class Staged:
    """The activities model's `BulkLoad`: the aggregates' deltas staged in temp tables, summed at the end."""

    def start(self, conn: sqlite3.Connection) -> None:
        for aggregate in _AGGREGATES:
            conn.execute(aggregate.create)
        for statement in sweep.MOVES_DDL:
            conn.execute(statement)

    def finish(self, conn: sqlite3.Connection) -> None:
        # the pages the load cached are not read again; what follows sorts (SQLite's sorter takes
        # up to the page cache's size in memory before it spills to temp files)
        conn.execute(f"PRAGMA main.cache_size=-{FINISH_CACHE_MIB * 1024:d}")
        conn.execute("BEGIN")
        sweep.place_all(conn, _ORGANISERS.append)
        conn.execute("DROP TABLE temp.campaign_moves")
        conn.execute("DROP TABLE temp.campaign_run")
        conn.execute("COMMIT")
        for aggregate in _AGGREGATES:
            conn.execute("BEGIN")
            conn.execute(aggregate.total)
            conn.execute(f"DROP TABLE {aggregate.stage}")
            conn.execute("COMMIT")
