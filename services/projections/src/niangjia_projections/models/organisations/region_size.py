"""How many organisations a region holds, counted only as far as a read needs to know: a report that
finds a region's rows among the country's is quick for a region that holds many and slow for one
that holds few, which it reads by region instead."""

from __future__ import annotations

import sqlite3

from niangjia_projections.models.common import within

_IN_REGION = "SELECT count(*) FROM (SELECT 1 FROM org o INDEXED BY org_region WHERE {region} LIMIT :enough)"


def holds_fewer(conn: sqlite3.Connection, region: str | None, than: int) -> bool:
    """Whether `region` holds fewer organisations than `than` (counted on its index, up to there; the
    country never does)."""
    if region is None:
        return False
    where, params = within("o.region", region)
    return bool(conn.execute(_IN_REGION.format(region=where), params | {"enough": than}).fetchone()[0] < than)
