"""How care activities' events change the activities read model: one row in `activity_version` per
held, corrected or retracted event (the triggers of `schema` keep `activity_current`), and the
campaign aggregates moved by each run of events recorded on one day (`keeping`), which also follow
the foundings and ends of the organisations (the campaigns' coverage)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from niangjia_contracts import (
    CareActivityCorrected,
    CareActivityHeld,
    CareActivityRetracted,
    FederationDissolved,
    FederationFounded,
    FederationInspected,
    MicroHomeClosed,
    MicroHomeOpened,
)
from niangjia_contracts.events import CareActivityFacts
from niangjia_kit.projection import Item

from niangjia_projections.models.activities import keeping, quiet
from niangjia_projections.models.activities.bulk import Staged, adds_for
from niangjia_projections.models.activities.figures import Activity
from niangjia_projections.models.activities.schema import (
    CAMPAIGN_DDL,
    CORRECTED,
    DDL,
    FACT_COLUMNS,
    HELD,
    KEPT_WHILE_LOADING,
    KNOWN_THEN_DDL,
    RETRACTED,
    VERSION_COLUMNS,
)
from niangjia_projections.models.common import Tables, china_day, insert
from niangjia_projections.rebuild.hints import RebuildHints

_NO_FACTS = (None,) * len(FACT_COLUMNS)


def _facts(event: CareActivityFacts) -> tuple[object, ...]:
    # `_value_` is what the enum's `value` property returns, without the property's descriptor call
    # (a tenth of this function's time in a rebuild)
    campaign, area = event.campaign, event.service_area
    return (
        event.organiser_id,
        event.organiser_kind._value_,
        event.region,
        event.held_on.isoformat(),
        event.title,
        None if campaign is None else campaign._value_,
        None if area is None else area._value_,
        event.people_served,
        event.volunteers,
        int(event.goods_value_yuan * 100),
        event.location,
    )


class ActivitiesProjection(Tables):
    name = "activities"
    # 2: activity_current kept by triggers; 3: the campaign aggregates; 4: covering indexes; 5: the
    # stretches of quiet (`quiet`); 6: the stretches that ended, summed by their months (`quiet_span`);
    # 7: the versions by organiser and date (`activity_version_by_organiser_day`), and what a report
    # known at a time reads again (`KNOWN_THEN_DDL`, `dated_ahead`)
    version = 7
    ddl = (*DDL, *CAMPAIGN_DDL, *quiet.DDL, *KNOWN_THEN_DDL)
    # most events, a little less work than the audit; activity_current is upserted by activity id,
    # all over its index, so a larger page cache
    # the aggregates' deltas staged while a rebuild loads, summed at the end (`bulk`); the organisers
    # placed at the end, so activity_current (read by organiser live) is analysed by name
    hints = RebuildHints(
        weight=4.0,  # about four times the audit's work (which takes every event): a process of its own
        cache_mib=64,
        keep_indexes=KEPT_WHILE_LOADING,
        bulk=Staged(),
        analyze=frozenset({"activity_current"}),
    )
    event_types: frozenset[str] | None = frozenset(
        {
            "CareActivityHeld",
            "CareActivityCorrected",
            "CareActivityRetracted",
            "FederationFounded",
            "MicroHomeOpened",
            "FederationDissolved",
            "MicroHomeClosed",
            "FederationInspected",
        }
    )

    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        run = _Run(conn)
        inspections: list[tuple[int, str, str, str, int]] = []
        for recorded, _, event, recorded_us in items:
            if isinstance(event, FederationInspected):  # a touch for `quiet`, not the campaigns'
                on = event.inspected_on.isoformat()
                run.dated(on, recorded_us)
                inspections.append((recorded.position, event.federation_id, on, event.finding.value, recorded_us))
                continue
            run.at(recorded_us)
            change = _CHANGES.get(event.__class__) or _change_of(event)
            if change is not None:
                run.ids.append(event.activity_id)
                if change is RETRACTED:
                    run.versions.append((recorded.position, event.activity_id, RETRACTED, recorded_us, *_NO_FACTS))
                else:
                    facts = _facts(event)
                    run.dated(str(facts[3]), recorded_us)
                    run.versions.append((recorded.position, event.activity_id, change, recorded_us, *facts))
            elif isinstance(event, FederationFounded | MicroHomeOpened):
                founded = _founding(event)
                run.dated(founded[3], recorded_us)
                run.orgs.append((*founded, recorded_us))
                if founded[1] == "federation":
                    run.org_ids.append(founded[0])
            elif isinstance(event, FederationDissolved | MicroHomeClosed):
                ended = _end(event)
                run.dated(ended[1], recorded_us)
                run.ends.append((recorded.position, *ended, recorded_us))
                run.org_ids.append(ended[0])
        run.flush()
        run.keep_clock()
        conn.executemany(quiet.INSERT_INSPECTION, inspections)
        quiet.refresh(conn)


class _Run:
    """The events of a page recorded on one day, written and aggregated together (`keeping`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.day: int | None = None
        self.last_us, self.backwards, self.dated_ahead = conn.execute(_CLOCK).fetchone()
        self.adds = adds_for(conn)
        self.versions: list[tuple[object, ...]] = []
        self.ids: list[str] = []
        self.orgs: list[tuple[object, ...]] = []
        self.ends: list[tuple[object, ...]] = []
        self.org_ids: list[str] = []

    def at(self, recorded_us: int) -> None:
        if recorded_us < self.last_us:
            self.backwards = 1
        self.last_us = max(self.last_us, recorded_us)
        day = recorded_us // keeping.DAY_US
        if day != self.day:
            self.flush()
            self.day = day

    def dated(self, on: str, recorded_us: int) -> None:
        """Note a fact dated `on` (YYYY-MM-DD) recorded at `recorded_us`: dated ahead when after the
        day it was recorded, in China."""
        if not self.dated_ahead and on > china_day(recorded_us):
            self.dated_ahead = 1

    def flush(self) -> None:
        if self.day is None or not (self.versions or self.orgs or self.ends):
            return
        # in position order: the triggers keep activity_current (see DDL)
        write = [(_INSERT_VERSION, self.versions), (keeping.ORG_STATEMENTS[0], self.orgs)]
        write.append((keeping.ORG_STATEMENTS[1], self.ends))
        ids, org_ids = list(dict.fromkeys(self.ids)), dict.fromkeys(self.org_ids)
        keeping.apply_run(self.conn, self.day, write, ids, org_ids, self.adds, _standing_after(self.versions))
        self.versions, self.ids, self.orgs, self.ends, self.org_ids = [], [], [], [], []

    def keep_clock(self) -> None:
        self.conn.execute(_SET_CLOCK, {"last": self.last_us, "backwards": self.backwards, "ahead": self.dated_ahead})


def _standing_after(versions: list[tuple[object, ...]]) -> dict[str, Activity]:
    """The activities of a run's versions as `activity_current` holds them after it (the latest
    version of each; none when that retracts it), as `keeping.current` would read them back."""
    latest = {str(row[1]): row for row in versions}
    return {
        activity_id: Activity._make(row[i] for i in _ACTIVITY_FIELDS)
        for activity_id, row in latest.items()
        if row[2] != RETRACTED
    }


_ACTIVITY_FIELDS = tuple(VERSION_COLUMNS.index(name) for name in Activity._fields)
"""Where each of an Activity's fields is in a row of `_INSERT_VERSION`."""

_CLOCK = """
SELECT max(CASE name WHEN 'last_known_us' THEN value END), max(CASE name WHEN 'backwards' THEN value END),
       max(CASE name WHEN 'dated_ahead' THEN value END)
FROM campaign_clock
"""
_SET_CLOCK = """
UPDATE campaign_clock SET value = CASE name WHEN 'last_known_us' THEN :last WHEN 'backwards' THEN :backwards ELSE :ahead END
"""


def _founding(event: FederationFounded | MicroHomeOpened) -> tuple[str, str, str, str]:
    if isinstance(event, FederationFounded):
        return (event.federation_id, "federation", event.region, event.founded_on.isoformat())
    return (event.micro_home_id, "micro_home", event.region, event.opened_on.isoformat())


def _end(event: FederationDissolved | MicroHomeClosed) -> tuple[str, str]:
    if isinstance(event, FederationDissolved):
        return (event.federation_id, event.dissolved_on.isoformat())
    return (event.micro_home_id, event.closed_on.isoformat())


_CHANGES: dict[type, str] = {CareActivityHeld: HELD, CareActivityCorrected: CORRECTED, CareActivityRetracted: RETRACTED}
"""The change each event class makes, found by its exact class (a dict lookup per event)."""


def _change_of(event: object) -> str | None:
    """The change an instance of a subclass makes."""
    for cls, change in _CHANGES.items():
        if isinstance(event, cls):
            return change
    return None


_INSERT_VERSION = insert("activity_version", VERSION_COLUMNS)
