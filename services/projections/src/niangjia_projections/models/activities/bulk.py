"""A rebuild of the activities model stages the campaign aggregates' deltas and sums them at the end
(`staging`); the organisers are placed once every event is applied (`sweep`), and the stretches of
quiet computed for every organisation at once (`quiet`)."""

from __future__ import annotations

import sqlite3

from niangjia_projections.models.activities import keeping, quiet, sweep
from niangjia_projections.models.activities.schema import (
    CAMPAIGN_AGGREGATES,
    CAMPAIGN_FEDERATIONS,
    CAMPAIGN_ORGANISERS,
    CAMPAIGN_SUM,
)

STAGED = keeping.Adds(CAMPAIGN_SUM.append, CAMPAIGN_ORGANISERS.append, CAMPAIGN_FEDERATIONS.append, staged=True)
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
        for aggregate in CAMPAIGN_AGGREGATES:
            conn.execute(aggregate.create)
        for statement in sweep.MOVES_DDL:
            conn.execute(statement)
        quiet.stop_tracking(conn)

    def finish(self, conn: sqlite3.Connection) -> None:
        # the pages the load cached are not read again; what follows sorts (SQLite's sorter takes
        # up to the page cache's size in memory before it spills to temp files)
        conn.execute(f"PRAGMA main.cache_size=-{FINISH_CACHE_MIB * 1024:d}")
        conn.execute("BEGIN")
        sweep.place_all(conn, CAMPAIGN_ORGANISERS.append)
        conn.execute("DROP TABLE temp.campaign_moves")
        conn.execute("DROP TABLE temp.campaign_run")
        conn.execute("COMMIT")
        for aggregate in CAMPAIGN_AGGREGATES:
            aggregate.sum_stage(conn)
        conn.execute("BEGIN")
        quiet.compute_all(conn)
        conn.execute("COMMIT")
