"""Counts of federations and micro-homes by domain, sector, kind, level, status, region and
groupings of domains, on both clocks.

Status: `dissolved` (micro-homes: `closed`) once an end is dated on or before `as_of`; else
`dormant` when the latest follow-up inspection dated by then found it dormant; else `open`.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from niangjia_contracts import region_ancestors

from niangjia_projections.models.common import Clocks, within

DIMENSIONS = ("domain", "sector", "kind", "level", "status", "region", "setting", "group")

_ROWS = """
SELECT o.org_id, o.org_type, o.kind, o.domain, o.sector, o.level, o.setting, o.region,
       o.women_members, o.executive_members, o.organisations_covered,
       EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'ended'
               AND c.on_date <= :day AND c.known_us <= :known) AS ended,
       (SELECT c.value FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'inspected'
               AND c.on_date <= :day AND c.known_us <= :known
        ORDER BY c.on_date DESC, c.position DESC LIMIT 1) AS finding,
       (SELECT group_concat(DISTINCT c.value) FROM org_change c WHERE c.org_id = o.org_id
               AND c.change = 'recognised' AND c.on_date <= :day AND c.known_us <= :known) AS recognitions
FROM org o
WHERE o.opened_on <= :day AND o.known_us <= :known AND {region}
"""


def org_rows(conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> list[sqlite3.Row]:
    where, params = within("o.region", region)
    conn.row_factory = sqlite3.Row
    return list(conn.execute(_ROWS.format(region=where), {"day": clocks.day, "known": clocks.known_us, **params}))


def status_of(row: sqlite3.Row | Mapping[str, Any]) -> str:
    if row["ended"]:
        return "dissolved" if row["org_type"] == "federation" else "closed"
    if row["finding"] == "dormant":
        return "dormant"
    return "open"


def count(
    conn: sqlite3.Connection,
    clocks: Clocks,
    *,
    region: str | None,
    groups: Mapping[str, frozenset[str]],
    dimensions: Iterable[str] = DIMENSIONS,
    statuses: frozenset[str] | None = None,
) -> dict[str, Any]:
    dims = set(dimensions)
    federations = _Tally(dims, region, groups)
    micro_homes = _Tally(dims - {"domain", "sector", "kind", "level", "group"}, region, {})
    for row in org_rows(conn, clocks, region):
        status = status_of(row)
        if statuses is not None and status not in statuses:
            continue
        (federations if row["org_type"] == "federation" else micro_homes).add(row, status)
    fed = federations.result()
    fed.update(
        organisations_covered=federations.covered,
        executive_members=federations.executives,
        women_members=federations.women,
    )
    homes = micro_homes.result()
    homes["members"] = micro_homes.women
    return {**clocks.as_dict(), "region": region, "federations": fed, "micro_homes": homes}


class _Tally:
    def __init__(self, dims: set[str], region: str | None, groups: Mapping[str, frozenset[str]]) -> None:
        self.dims = dims
        self.depth = len(region.split("/")) if region else 1
        self.groups = groups
        self.total = 0
        self.by: dict[str, Counter[str]] = {d: Counter() for d in dims}
        self.recognised: Counter[str] = Counter()
        self.covered = self.executives = self.women = 0

    def add(self, row: sqlite3.Row, status: str) -> None:
        self.total += 1
        by = self.by
        for dim in ("domain", "sector", "kind", "level", "setting"):
            if dim in by:
                by[dim][row[dim] or "none"] += 1
        if "status" in by:
            by["status"][status] += 1
        if "region" in by:
            for path in region_ancestors(row["region"])[self.depth - 1 :]:
                by["region"][path] += 1
        if "group" in by:
            for name, domains in self.groups.items():
                if row["domain"] in domains:
                    by["group"][name] += 1
        if row["recognitions"]:
            for level in row["recognitions"].split(","):
                self.recognised[level] += 1
        if status not in ("dissolved", "closed"):
            self.covered += row["organisations_covered"]
            self.executives += row["executive_members"]
            self.women += row["women_members"]

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = {"total": self.total}
        for dim in DIMENSIONS:
            if dim in self.by:
                counter = self.by[dim]
                if dim == "group":
                    out["by_group"] = {name: counter.get(name, 0) for name in self.groups}
                else:
                    out[f"by_{dim}"] = dict(sorted(counter.items()))
        out["recognised"] = dict(sorted(self.recognised.items()))
        return out
