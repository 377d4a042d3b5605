"""The quarterly care campaign report (春送温暖 · 夏送清凉 · 秋送健康 · 冬送技能) on both clocks.

An activity counts in the campaign of its quarter when it carries that quarter's theme; the
latest version known at `known_at` decides (corrections applied, retracted ones left out), and
only activities held on or before `as_of`. A year has one row per quarter's campaign and one row
for the activities outside any campaign; `in_campaigns` sums the four quarters, `total` sums every
row. In each row, organisers are the distinct federations and micro-homes that held the row's
activities, and effective coverage is, of the federations open in the period (founded by its last
day, not dissolved before its first day), the share among those organisers: one set for both.

The figures are read from the aggregates the projection keeps (`keeping`): a row reads its region
node's rows for its period, summed up to `as_of` and over the days learnt before `known_at`'s day,
that day itself settled from the versions (`edge`). `campaign_scan` computes the same from the
facts (the reference, and the fallback when recorded times ever went backwards).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from niangjia_contracts import Campaign

from niangjia_projections.models.activities.campaign_scan import ScanRows
from niangjia_projections.models.activities.edge import Edge, edge
from niangjia_projections.models.activities.figures import ACTIVE, FEDERATION, MICRO_HOME, node_of, quarter_bounds
from niangjia_projections.models.common import Clocks, share, yuan

__all__ = ["quarter_bounds", "quarter_report", "rows_for", "year_report"]

_SUMS = """
SELECT coalesce(sum(activities), 0), coalesce(sum(people_served), 0), coalesce(sum(volunteers), 0),
       coalesce(sum(goods_value_cents), 0)
FROM campaign_sum WHERE node = :node AND slot = :slot AND held_on BETWEEN :start AND :last AND known_day < :day
"""
_ORGANISERS = """
SELECT measure, sum(organisers) FROM campaign_organisers
WHERE node = :node AND slot = :slot AND measure = :measure AND day BETWEEN :start AND :last AND known_day < :day
"""
_FOUNDED = """
SELECT coalesce(sum(federations), 0) FROM campaign_federations
WHERE node = :node AND measure = 'founded' AND day <= :last AND known_day < :day
"""
_ENDED_BEFORE = """
SELECT coalesce(sum(federations), 0) FROM campaign_federations
WHERE node = :node AND measure = 'ended' AND day < :start AND day <= :as_of AND opened_on <= :last
  AND known_day < :day
"""
_BACKWARDS = "SELECT value FROM campaign_clock WHERE name = 'backwards'"
_EVERY_DAY = 2**62


class Rows(Protocol):
    def row(self, start: date, end: date, selection: str) -> dict[str, Any]:
        """One row's figures (`selection`: a quarter's theme, or 'outside') over the period."""
        ...


class AggregateRows:
    """The rows of a report read from the aggregates."""

    def __init__(self, conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> None:
        self.conn, self.clocks, self.region = conn, clocks, region
        self.node = node_of(region)
        self.edges: dict[int, Edge] = {}

    def edge(self, year: int) -> Edge:
        """What the known-at day adds to the rows of `year` (nothing on today's knowledge)."""
        if self.clocks.known_at is None:
            return Edge(_EVERY_DAY)
        if year not in self.edges:
            self.edges[year] = edge(self.conn, self.clocks.known_us, year, self.node)
        return self.edges[year]

    def row(self, start: date, end: date, selection: str) -> dict[str, Any]:
        slot = 0 if selection == "outside" else Campaign(selection).quarter
        first, last = start.isoformat(), min(end.isoformat(), self.clocks.day)
        settled = self.edge(start.year)
        where = {"node": self.node, "slot": slot, "start": first, "last": last, "day": settled.known_day}
        figures = list(self.conn.execute(_SUMS, where).fetchone())
        for (node, key_slot, held_on), delta in settled.sums.items():
            if node == self.node and key_slot == slot and first <= held_on <= last:
                figures = [a + b for a, b in zip(figures, delta, strict=True)]
        count, people, volunteers, cents = figures
        organisers = {}
        for measure in (FEDERATION, MICRO_HOME, ACTIVE):
            found = self.conn.execute(_ORGANISERS, {**where, "measure": measure}).fetchone()[1] or 0
            for (node, key_slot, key_measure, day), moved in settled.organisers.items():
                if node == self.node and key_slot == slot and key_measure == measure and first <= day <= last:
                    found += moved
            organisers[measure] = found
        federations_open = self._open_federations(settled, where)
        return {
            "activities": count,
            "people_served": people,
            "volunteers": volunteers,
            "goods_value_yuan": yuan(cents),
            "organisers": organisers[FEDERATION] + organisers[MICRO_HOME],
            "organisers_by_kind": {"federation": organisers[FEDERATION], "micro_home": organisers[MICRO_HOME]},
            "effective_coverage": {
                "federations_open": federations_open,
                "federations_active": organisers[ACTIVE],
                "share": share(organisers[ACTIVE], federations_open),
            },
        }

    def _open_federations(self, settled: Edge, where: dict[str, Any]) -> int:
        """Federations founded by the period's last day (and `as_of`), less those of them ended
        before its first day (and by `as_of`), in the node, as known."""
        where = {**where, "as_of": self.clocks.day}
        count = self.conn.execute(_FOUNDED, where).fetchone()[0] - self.conn.execute(_ENDED_BEFORE, where).fetchone()[0]
        first, last = where["start"], where["last"]
        for (node, measure, day, opened_on), moved in settled.federations.items():
            if node != self.node:
                continue
            if measure == "founded" and day <= last:
                count += moved
            elif measure == "ended" and day < first and day <= self.clocks.day and opened_on <= last:
                count -= moved
        return int(count)


def rows_for(conn: sqlite3.Connection, clocks: Clocks, region: str | None) -> Rows:
    """The aggregates' rows; the scan's for a known-at report once recorded times went backwards
    (the aggregates by known day then do not give the history known at a time)."""
    if clocks.known_at is not None and conn.execute(_BACKWARDS).fetchone()[0]:
        return ScanRows(conn, clocks, region)
    return AggregateRows(conn, clocks, region)


def quarter_report(
    conn: sqlite3.Connection, clocks: Clocks, year: int, quarter: int, region: str | None, rows: Rows | None = None
) -> dict[str, Any]:
    start, end = quarter_bounds(year, quarter)
    theme = Campaign.of_quarter(quarter).value
    body = {
        **clocks.as_dict(),
        "region": region,
        "year": year,
        "quarter": quarter,
        "theme": theme,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
    }
    body.update((rows or rows_for(conn, clocks, region)).row(start, end, theme))
    return body


def year_report(
    conn: sqlite3.Connection, clocks: Clocks, year: int, region: str | None, rows: Rows | None = None
) -> dict[str, Any]:
    rows = rows or rows_for(conn, clocks, region)
    quarters = []
    for quarter in range(1, 5):
        report = quarter_report(conn, clocks, year, quarter, region, rows)
        for key in ("as_of", "known_at", "region", "year"):
            report.pop(key)
        quarters.append(report)
    outside = rows.row(date(year, 1, 1), date(year, 12, 31), "outside")
    return {
        **clocks.as_dict(),
        "region": region,
        "year": year,
        "quarters": quarters,
        "outside_campaigns": outside,
        "in_campaigns": _sums(quarters),
        "total": _sums([*quarters, outside]),
    }


def _sums(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The sum of rows' activities, people, volunteers and goods (organisers are distinct per row
    and do not add up: they stay with the rows)."""
    return {
        "activities": sum(r["activities"] for r in rows),
        "people_served": sum(r["people_served"] for r in rows),
        "volunteers": sum(r["volunteers"] for r in rows),
        "goods_value_yuan": yuan(sum(int(Decimal(r["goods_value_yuan"]) * 100) for r in rows)),
    }
