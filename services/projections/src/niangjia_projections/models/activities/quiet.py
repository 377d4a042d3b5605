"""Dormancy on today's knowledge kept as stretches, so that a count of the dormant organisations
reads the few that are, not every organisation with its last activity.

An organisation is touched on the day it was founded, on each day it held an activity (not
retracted) and on each day it was inspected, up to the day before it ended. Between two touches,
and from its last touch on, it is **quiet**: a stretch `(a, b)` from one touch to the next (or to
its end, or to `9999-12-31`). On a date `D` with the period of silence starting on `S`
(`dormancy`), it is dormant by silence exactly when a stretch has `a < S` and `b > D`; and by a
finding when an inspection found it dormant on `i` (the later recorded of that day's) with `i <= D`
and the next touch `b > D`. One found dormant before `S` is dormant by silence as well, so the
dormant are those quiet over the period and those found dormant since `S`.

The stretches of at least `KEPT_DAYS` are kept (`quiet_gap`), with each finding's (`quiet_finding`),
how many are quiet to this day by the month they began in every region node (`quiet_open`), and
how many of the others began and ended in each pair of months in the country and each province
(`quiet_span`); they are recomputed for every organisation a run touched (`quiet_dirty`, filled by triggers), and
for all of them at once at the end of a rebuild. A period shorter than `KEPT_DAYS - 2` days, or a
report known at a time, reads the organisations one by one (`dormancy`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from niangjia_contracts import region_ancestors

from niangjia_projections.models.common import END_OF_TIME

KEPT_DAYS = 90
LONG_DAYS = 360
"""Stretches of at least a year's period (and two days) are found by their own index."""

_MARK = "INSERT INTO quiet_dirty (org_id) VALUES ({});"
_MARKS = {
    "quiet_activity_added": f"AFTER INSERT ON activity_current BEGIN {_MARK.format('new.organiser_id')} END",
    "quiet_activity_changed": (
        f"AFTER UPDATE ON activity_current BEGIN {_MARK.format('old.organiser_id')}"
        f" {_MARK.format('new.organiser_id')} END"
    ),
    "quiet_org_founded": f"AFTER INSERT ON campaign_org BEGIN {_MARK.format('new.org_id')} END",
    "quiet_org_ended": f"AFTER INSERT ON campaign_org_end BEGIN {_MARK.format('new.org_id')} END",
    "quiet_org_inspected": f"AFTER INSERT ON quiet_inspection BEGIN {_MARK.format('new.org_id')} END",
}
"""The triggers that mark the organisations a run touched (dropped while a rebuild loads), by name."""
_DIRTY_TRIGGERS = tuple(f"CREATE TRIGGER {name} {body}" for name, body in _MARKS.items())
SPAN_DEPTH = 1
"""`quiet_span` is kept for the country and the provinces."""


@dataclass(frozen=True, slots=True)
class _Summary:
    """A sum of the stretches kept by triggers on `quiet_gap` (and summed at once after a rebuild).
    Its SQL names a stretch's row `{row}`."""

    table: str
    stretches: str
    """which stretches it counts"""
    months: tuple[tuple[str, str], ...]
    """its columns after (node, org_type), each with its value"""
    nodes: str
    """which nodes of a stretch's region it counts the stretch in (of a `quiet_node` row `q`)"""

    @property
    def key(self) -> tuple[str, ...]:
        return ("node", "org_type", *(column for column, _ in self.months))

    def _insert(self, row: str, n: str, rows: str) -> str:
        values = ", ".join(value.format(row=row) for _, value in self.months)
        where = f"{rows} WHERE q.region = {row}.region AND {self.stretches.format(row=row)} AND {self.nodes}"
        return f"INSERT INTO {self.table} ({', '.join(self.key)}, n) SELECT q.node, {row}.org_type, {values}, {n} FROM {where}"  # noqa: S608 - constant names

    def ddl(self) -> tuple[str, ...]:
        """The triggers that keep it: a stretch inserted, a stretch deleted, a sum back to zero."""
        upsert = f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET n = n + excluded.n"
        triggers = tuple(
            f"CREATE TRIGGER {self.table}_{verb} AFTER {verb.upper()} ON quiet_gap "
            f"BEGIN {self._insert(row, sign, 'quiet_node q')} {upsert}; END"
            for verb, row, sign in (("insert", "new", "1"), ("delete", "old", "-1"))
        )
        same = " AND ".join(f"{column} = new.{column}" for column in self.key)
        drops_zero = f"CREATE TRIGGER {self.table}_drops_zero AFTER UPDATE ON {self.table} WHEN new.n = 0 BEGIN DELETE FROM {self.table} WHERE {same}; END"  # noqa: S608 - constant names
        return (*triggers, drops_zero)

    def fill(self) -> str:
        """Every stretch's sums, into the empty table."""
        every = ", ".join(str(n) for n in range(1, len(self.key) + 1))
        return self._insert("g", "count(*)", "quiet_gap g JOIN quiet_node q") + f" GROUP BY {every}"


_SUMMARIES = (
    _Summary("quiet_open", f"{{row}}.b = '{END_OF_TIME}'", (("month", "substr({row}.a, 1, 7)"),), "1"),
    _Summary(
        "quiet_span",
        f"{{row}}.b < '{END_OF_TIME}'",
        (("a_m", "substr({row}.a, 1, 7)"), ("b_m", "substr({row}.b, 1, 7)")),
        f"length(q.node) - length(replace(q.node, '/', '')) < {SPAN_DEPTH}",
    ),
)
DDL: tuple[str, ...] = (
    """
    CREATE TABLE quiet_inspection (
        position INTEGER PRIMARY KEY, org_id TEXT NOT NULL, on_date TEXT NOT NULL, finding TEXT NOT NULL,
        known_us INTEGER NOT NULL
    )
    """,
    "CREATE INDEX quiet_inspection_by_org ON quiet_inspection (org_id, on_date, position)",
    "CREATE INDEX quiet_inspection_by_month_known ON quiet_inspection (substr(on_date, 1, 7), known_us)",
    """
    CREATE TABLE quiet_gap (
        org_id TEXT NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL, days INTEGER NOT NULL,
        org_type TEXT NOT NULL, region TEXT NOT NULL,
        PRIMARY KEY (org_id, a)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX quiet_gap_by_end ON quiet_gap (b, a, org_type, region)",
    f"CREATE INDEX quiet_gap_long ON quiet_gap (b, a, org_type, region, days) WHERE days >= {LONG_DAYS}",
    """
    CREATE TABLE quiet_finding (
        org_id TEXT NOT NULL, i TEXT NOT NULL, b TEXT NOT NULL, org_type TEXT NOT NULL, region TEXT NOT NULL,
        PRIMARY KEY (org_id, i)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX quiet_finding_by_day ON quiet_finding (i, b, org_type, region)",
    # a county's or a town's, read by region first
    "CREATE INDEX quiet_gap_by_region ON quiet_gap (region, b, a, org_type, days)",
    "CREATE INDEX quiet_finding_by_region ON quiet_finding (region, i, b, org_type)",
    # how many are quiet to this day since each month, in the country and each region node (the
    # nodes of each region an organisation lies in: `quiet_node`)
    """
    CREATE TABLE quiet_open (
        node TEXT NOT NULL, org_type TEXT NOT NULL, month TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (node, org_type, month)
    ) WITHOUT ROWID
    """,
    "CREATE TABLE quiet_node (region TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY (region, node)) WITHOUT ROWID",
    # the stretches that ended, by the months they began and ended in, in the country and each
    # province; and those that began in a month, or ended in one, read by their own dates
    """
    CREATE TABLE quiet_span (
        node TEXT NOT NULL, org_type TEXT NOT NULL, a_m TEXT NOT NULL, b_m TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (node, org_type, a_m, b_m)
    ) WITHOUT ROWID
    """,
    f"CREATE INDEX quiet_gap_by_start ON quiet_gap (a, b, org_type, region) WHERE b < '{END_OF_TIME}'",
    *(statement for summary in _SUMMARIES for statement in summary.ddl()),
    # no key: an upsert that fires a trigger would make its ON CONFLICT abort; a run marks an
    # organisation once or more
    "CREATE TABLE quiet_dirty (org_id TEXT NOT NULL)",
    *_DIRTY_TRIGGERS,
)

_STRETCHES = f"""
CREATE TEMP TABLE quiet_stretch AS
WITH orgs AS (
    SELECT o.org_id, o.org_type, o.region, o.opened_on,
           coalesce((SELECT min(e.on_date) FROM campaign_org_end e WHERE e.org_id = o.org_id), '{END_OF_TIME}') AS ended_on
    FROM campaign_org o {{chosen}}
),
inspected AS (
    SELECT i.org_id, i.on_date, i.finding,
           row_number() OVER (PARTITION BY i.org_id, i.on_date ORDER BY i.position DESC) AS latest
    FROM orgs o JOIN quiet_inspection i ON i.org_id = o.org_id
),
touches AS (
    SELECT org_id, day, max(found) AS found FROM (
        SELECT org_id, opened_on AS day, 0 AS found FROM orgs
        UNION ALL
        SELECT o.org_id, a.held_on, 0 FROM orgs o JOIN activity_current a ON a.organiser_id = o.org_id
        WHERE a.retracted = 0
        UNION ALL
        SELECT org_id, on_date, finding = 'dormant' FROM inspected WHERE latest = 1)
    GROUP BY org_id, day
)
SELECT t.org_id, t.day AS a,
       coalesce(lead(t.day) OVER (PARTITION BY t.org_id ORDER BY t.day), o.ended_on) AS b,
       t.found, o.org_type, o.region
FROM touches t JOIN orgs o ON o.org_id = t.org_id
WHERE t.day >= o.opened_on AND t.day < o.ended_on
"""  # noqa: S608 - constant names
"""Each organisation's stretches (from a touch `a` to the next `b`), `found` when `a` is a day its
latest inspection found it dormant."""
_GAPS = """
INSERT INTO quiet_gap (org_id, a, b, days, org_type, region)
SELECT org_id, a, b, CAST(julianday(b) - julianday(a) AS INTEGER), org_type, region FROM temp.quiet_stretch
WHERE julianday(b) - julianday(a) >= :kept
ORDER BY org_id, a
"""
_FINDINGS = """
INSERT INTO quiet_finding (org_id, i, b, org_type, region)
SELECT org_id, a, b, org_type, region FROM temp.quiet_stretch WHERE found
ORDER BY org_id, a
"""
_DIRTY = "WHERE o.org_id IN (SELECT org_id FROM quiet_dirty)"


_REGIONS = "SELECT DISTINCT o.region FROM campaign_org o {chosen} AND o.region NOT IN (SELECT region FROM quiet_node)"


def _store(conn: sqlite3.Connection, chosen: str) -> None:
    regions = [row[0] for row in conn.execute(_REGIONS.format(chosen=chosen or "WHERE 1"))]
    nodes = [(region, node) for region in regions for node in ("", *region_ancestors(region))]
    conn.executemany("INSERT OR IGNORE INTO quiet_node (region, node) VALUES (?, ?)", nodes)
    conn.execute(_STRETCHES.format(chosen=chosen))
    conn.execute(_GAPS, {"kept": KEPT_DAYS})
    conn.execute(_FINDINGS)
    conn.execute("DROP TABLE temp.quiet_stretch")


def refresh(conn: sqlite3.Connection) -> None:
    """Recompute the stretches of the organisations a run touched."""
    if conn.execute("SELECT 1 FROM quiet_dirty LIMIT 1").fetchone() is None:
        return
    conn.execute("DELETE FROM quiet_gap WHERE org_id IN (SELECT org_id FROM quiet_dirty)")
    conn.execute("DELETE FROM quiet_finding WHERE org_id IN (SELECT org_id FROM quiet_dirty)")
    _store(conn, _DIRTY)
    conn.execute("DELETE FROM quiet_dirty")


def stop_tracking(conn: sqlite3.Connection) -> None:
    """While a rebuild loads: no organisation is marked as it goes (`compute_all` at the end)."""
    for name in _MARKS:
        conn.execute(f"DROP TRIGGER {name}")


def compute_all(conn: sqlite3.Connection) -> None:
    """At the end of a rebuild: every organisation's stretches and their sums, and the triggers back."""
    for summary in _SUMMARIES:
        for verb in ("insert", "delete"):
            conn.execute(f"DROP TRIGGER {summary.table}_{verb}")
    _store(conn, "")
    for summary in _SUMMARIES:
        conn.execute(summary.fill())
        for statement in summary.ddl()[:2]:
            conn.execute(statement)
    for statement in _DIRTY_TRIGGERS:
        conn.execute(statement)


INSERT_INSPECTION = "INSERT INTO quiet_inspection (position, org_id, on_date, finding, known_us) VALUES (?, ?, ?, ?, ?)"
