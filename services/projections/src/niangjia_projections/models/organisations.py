"""Federations and micro-homes, with every change dated on both clocks.

`org` holds what an organisation was founded as; `org_change` holds the dated facts that change
its standing (ended, inspected, recognised), each with its business date and the time the system
learnt it, so counts can be answered as of any business date and as known at any time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from niangjia_contracts import (
    FederationDissolved,
    FederationFounded,
    FederationInspected,
    FederationRecognised,
    MicroHomeClosed,
    MicroHomeOpened,
    MicroHomeRecognised,
)

from niangjia_projections.runner import Item

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
        organisations_covered INTEGER NOT NULL
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


class OrganisationsProjection:
    name = "organisations"
    version = 1
    rebuild_weight = 0.2  # a rebuild's share: a few events in ten, a row each (see rebuild.groups_for)
    event_types: frozenset[str] | None = frozenset(
        {
            "FederationFounded",
            "FederationInspected",
            "FederationRecognised",
            "FederationDissolved",
            "MicroHomeOpened",
            "MicroHomeRecognised",
            "MicroHomeClosed",
        }
    )

    def create(self, conn: sqlite3.Connection) -> None:
        for statement in DDL:
            conn.execute(statement)

    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        orgs: list[tuple[object, ...]] = []
        changes: list[tuple[object, ...]] = []
        for item in items:
            event = item.event
            recorded = item.recorded
            known = item.recorded_us
            position = recorded.position
            if isinstance(event, FederationFounded):
                orgs.append(
                    (
                        event.federation_id,
                        FEDERATION,
                        event.name,
                        event.kind.value,
                        event.domain.value,
                        event.sector.value if event.sector else None,
                        event.level.value,
                        None,
                        event.region,
                        event.guided_by,
                        event.founded_on.isoformat(),
                        known,
                        position,
                        event.women_members,
                        event.executive_members,
                        event.organisations_covered,
                    )
                )
            elif isinstance(event, MicroHomeOpened):
                orgs.append(
                    (
                        event.micro_home_id,
                        MICRO_HOME,
                        event.name,
                        None,
                        None,
                        None,
                        None,
                        event.setting.value,
                        event.region,
                        event.host_federation_id,
                        event.opened_on.isoformat(),
                        known,
                        position,
                        event.members,
                        0,
                        0,
                    )
                )
            elif isinstance(event, FederationInspected):
                changes.append(
                    (
                        position,
                        event.federation_id,
                        INSPECTED,
                        event.inspected_on.isoformat(),
                        event.finding.value,
                        known,
                    )
                )
            elif isinstance(event, FederationDissolved):
                changes.append((position, event.federation_id, ENDED, event.dissolved_on.isoformat(), None, known))
            elif isinstance(event, MicroHomeClosed):
                changes.append((position, event.micro_home_id, ENDED, event.closed_on.isoformat(), None, known))
            elif isinstance(event, FederationRecognised | MicroHomeRecognised):
                changes.append(
                    (position, event.entity_id, RECOGNISED, event.recognised_on.isoformat(), event.level.value, known)
                )
        if orgs:
            # A stream is founded once; OR IGNORE keeps the first founding should a duplicate ever appear.
            conn.executemany(f"INSERT OR IGNORE INTO org VALUES ({','.join('?' * 16)})", orgs)  # noqa: S608
        if changes:
            conn.executemany("INSERT INTO org_change VALUES (?, ?, ?, ?, ?, ?)", changes)
