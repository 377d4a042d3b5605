"""How the events of federations and micro-homes change the organisations read model: a row in
`org` per founding, a row in `org_change` per dated change (see `schema`)."""

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
from niangjia_kit.projection import Item

from niangjia_projections.models.common import Tables, insert
from niangjia_projections.models.organisations import tally
from niangjia_projections.models.organisations.schema import (
    CHANGE_COLUMNS,
    DDL,
    ENDED,
    FEDERATION,
    INSPECTED,
    MICRO_HOME,
    ORG_COLUMNS,
    RECOGNISED,
    TALLY,
    TALLY_REGION,
)
from niangjia_projections.rebuild.hints import RebuildHints


class _Staged:
    """The organisations model's `BulkLoad`: the tallies' deltas staged, summed at the end (`staging`)."""

    def start(self, conn: sqlite3.Connection) -> None:
        for aggregate in (TALLY, TALLY_REGION):
            conn.execute(aggregate.create)

    def finish(self, conn: sqlite3.Connection) -> None:
        for aggregate in (TALLY, TALLY_REGION):
            aggregate.sum_stage(conn)


class OrganisationsProjection(Tables):
    name = "organisations"
    # v2: a chamber's origin and the first leadership's election date; v3: the tallies; v4: the
    # points carry their organisation's codes and members; v5: the chambers' and the elected's indexes;
    # v6: a chamber's origin counted in the tallies; v7: the region index holds the ids; v8: the
    # sums with neither clock kept down to the counties, the points by time recorded read from the index
    version = 8
    ddl = DDL
    # a rebuild's share: a few events in ten, a row each and their points; the tallies' deltas
    # staged while it loads and summed at the end; the points are read by organisation as it loads
    hints = RebuildHints(weight=0.3, cache_mib=32, keep_indexes=frozenset({"org_change_by_org"}), bulk=_Staged())
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
                        event.chamber_origin.value if event.chamber_origin else None,
                        event.leadership_elected_on.isoformat() if event.leadership_elected_on else None,
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
                        None,
                        None,
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
            conn.executemany(_INSERT_ORG, orgs)
        if changes:
            conn.executemany(_INSERT_CHANGE, changes)
        counted = [str(row[0]) for row in orgs] + [str(row[1]) for row in changes if row[2] != INSPECTED]
        if counted:
            deltas = tally.recount(conn, counted)
            staged = TALLY.is_staging(conn)
            for aggregate, rows in ((TALLY, deltas.tally_rows()), (TALLY_REGION, deltas.region_rows())):
                conn.executemany(aggregate.append if staged else aggregate.upsert, rows)


_INSERT_ORG = insert("org", ORG_COLUMNS, verb="INSERT OR IGNORE")
_INSERT_CHANGE = insert("org_change", CHANGE_COLUMNS)
