"""The organisations read model's tables.

`org` holds what an organisation was founded as (a chamber's origin and the date its first
leadership was elected among it); `org_change` holds the dated facts that change
its standing (ended, inspected, recognised), each with its business date and the time the system
learnt it, so counts can be answered as of any business date and as known at any time.
"""

from __future__ import annotations

ORG_COLUMNS = (
    "org_id",
    "org_type",
    "name",
    "kind",
    "domain",
    "sector",
    "level",
    "setting",
    "region",
    "parent_id",
    "opened_on",
    "known_us",
    "position",
    "women_members",
    "executive_members",
    "organisations_covered",
    "chamber_origin",
    "leadership_elected_on",
)
CHANGE_COLUMNS = ("position", "org_id", "change", "on_date", "value", "known_us")

DDL = (
    """
    CREATE TABLE org (
        org_id TEXT PRIMARY KEY,
        org_type TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT,
        domain TEXT,
        sector TEXT,
        level TEXT,
        setting TEXT,
        region TEXT NOT NULL,
        parent_id TEXT,
        opened_on TEXT NOT NULL,
        known_us INTEGER NOT NULL,
        position INTEGER NOT NULL,
        women_members INTEGER NOT NULL,
        executive_members INTEGER NOT NULL,
        organisations_covered INTEGER NOT NULL,
        chamber_origin TEXT,
        leadership_elected_on TEXT
    )
    """,
    "CREATE INDEX org_parent ON org (parent_id)",
    "CREATE INDEX org_region ON org (region)",
    """
    CREATE TABLE org_change (
        position INTEGER PRIMARY KEY,
        org_id TEXT NOT NULL,
        change TEXT NOT NULL,
        on_date TEXT NOT NULL,
        value TEXT,
        known_us INTEGER NOT NULL
    )
    """,
    "CREATE INDEX org_change_by_org ON org_change (org_id, change, on_date)",
)

FEDERATION = "federation"
MICRO_HOME = "micro_home"
ENDED, INSPECTED, RECOGNISED = "ended", "inspected", "recognised"
