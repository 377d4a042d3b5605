"""Counts of federations and micro-homes by domain, sector, kind, level, status, region and
groupings of domains, on both clocks.

One set per answer: the organisations **standing** on `as_of` (founded on or before it, not
dissolved or closed on or before it), as recorded by `known_at`; every figure of `federations` and
`micro_homes` (the total, each breakdown, the members) is a sum over that set. Those ended by then
and those ever founded are figures of their own (`ended`, `ever_founded`). Status inside the set:
`dormant` as `dormancy` defines it (by finding, or by silence since `since`), else `open`.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from niangjia_contracts import region_ancestors
from niangjia_contracts.regions import county_code

from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.organisations import dormancy, known_then, quieted, tallied
from niangjia_projections.models.organisations.schema import FEDERATION, MICRO_HOME

DIMENSIONS = ("domain", "sector", "kind", "level", "status", "region", "setting", "group")

_ROWS = """
SELECT o.org_id, o.org_type, o.domain, o.sector, o.kind, o.level, o.setting, o.region,
       o.women_members, o.executive_members, o.organisations_covered, o.opened_on, {last_activity}
FROM org o
WHERE o.opened_on <= :day AND o.known_us <= :known AND {region}
"""


def count(
    conn: sqlite3.Connection,
    clocks: Clocks,
    *,
    region: str | None,
    groups: Mapping[str, frozenset[str]],
    since: date,
    dimensions: Iterable[str] = DIMENSIONS,
    statuses: frozenset[str] | None = None,
    region_depth: int | None = None,
    from_tallies: bool = True,
) -> dict[str, Any]:
    """The counts over the organisations standing on the clocks (needs `organisations` and
    `activities`); `since` starts the period of dormancy by silence; `by_region` goes down
    `region_depth` levels below `region` (every level when None). Read from the tallies where they
    answer (`tallied.answers`), the status from the stretches of quiet (`quieted.answers`), unless
    `from_tallies` is False; else from the organisations one by one."""
    dims = set(dimensions)
    heading = {
        **clocks.as_dict(),
        "region": region,
        "region_code": county_code(region) if region else None,
        "set": "standing",
        "dormant_since": since.isoformat(),
        "statuses": sorted(statuses) if statuses is not None else None,
    }
    found: dict[str, quieted.Dormant] | None = None
    everyone = False
    if from_tallies and "status" in dims and statuses is None:
        everyone = known_then.everyone_dormant(conn, clocks, since)
        if not everyone:
            found = known_then.dormant(conn, clocks, since, region)  # the status from the stretches of quiet
    if from_tallies and tallied.answers(statuses) and ("status" not in dims or found is not None or everyone):
        figures = tallied.count(
            conn, clocks, region=region, groups=groups, dimensions=dims - {"status"}, region_depth=region_depth
        )
    else:
        figures = _scan(
            conn,
            clocks,
            region=region,
            groups=groups,
            since=since,
            dims=dims - {"status"} if found is not None or everyone else dims,
            statuses=statuses,
            region_depth=region_depth,
        )
    if found is not None or everyone:
        for name, org_type in (("federations", FEDERATION), ("micro_homes", MICRO_HOME)):
            standing = figures[name]["total"]
            dormant = standing if found is None else found.get(org_type, quieted.Dormant()).total
            by_status = (("dormant", dormant), ("open", standing - dormant))
            figures[name]["by_status"] = {code: n for code, n in by_status if n}
    return heading | figures


def _scan(
    conn: sqlite3.Connection,
    clocks: Clocks,
    *,
    region: str | None,
    groups: Mapping[str, frozenset[str]],
    since: date,
    dims: set[str],
    statuses: frozenset[str] | None,
    region_depth: int | None,
) -> dict[str, Any]:
    """The figures of `count`, each organisation of the region read with its dormancy."""
    federations = _Tally(dims, region, groups, region_depth)
    micro_homes = _Tally(dims - {"domain", "sector", "kind", "level", "group"}, region, {}, region_depth)
    tallies = {FEDERATION: federations, MICRO_HOME: micro_homes}
    ended: Counter[str] = Counter()
    ever: Counter[str] = Counter()
    where, params = within("o.region", region)
    needs_status = "status" in dims or statuses is not None
    changes = dormancy.Changes.read(conn, clocks, region, inspections=needs_status)
    start = since.isoformat()
    status = "open"
    no_inspection = (None, None)
    sql = _ROWS.format(region=where, last_activity=dormancy.last_activity(clocks) if needs_status else "NULL")
    rows = conn.execute(sql, {"day": clocks.day, "known": clocks.known_us, **params})
    for (
        org_id,
        org_type,
        domain,
        sector,
        kind,
        level,
        setting,
        org_region,
        women,
        executives,
        covered,
        opened_on,
        last_activity_on,
    ) in rows:
        ever[org_type] += 1
        if org_id in changes.ended:
            ended[org_type] += 1
            continue
        if needs_status:
            inspected_on, finding = changes.inspected.get(org_id, no_inspection)
            why = dormancy.reason_of(opened_on, finding, inspected_on, last_activity_on, start)
            status = "open" if why is None else "dormant"
            if statuses is not None and status not in statuses:
                continue
        tally = tallies[org_type]
        tally.total += 1
        tally.alike[(domain, sector, kind, level, setting, status)] += 1
        tally.regions[org_region] += 1
        if org_id in changes.recognised:
            tally.recognised.update(changes.recognised[org_id])
        tally.covered += covered
        tally.executives += executives
        tally.women += women
    fed = federations.result()
    fed.update(
        organisations_covered=federations.covered,
        executive_members=federations.executives,
        women_members=federations.women,
    )
    homes = micro_homes.result()
    homes["members"] = micro_homes.women
    return {
        "federations": fed,
        "micro_homes": homes,
        "ended": {"federations": ended[FEDERATION], "micro_homes": ended[MICRO_HOME]},
        "ever_founded": {"federations": ever[FEDERATION], "micro_homes": ever[MICRO_HOME]},
    }


def from_sums(
    clocks: Clocks, region: str | None, since: date, dimensions: Iterable[str], statuses: frozenset[str] | None
) -> bool:
    """Whether `count` reads only the tallies (and the stretches of quiet for the status), not any
    organisation one by one. Known at a time, the status reads those that learnt a fact since, and
    when the stretches do not answer, every organisation of the region: in the lane of a scan."""
    return tallied.answers(statuses) and ("status" not in dimensions or quieted.answers(clocks, since))


class _Tally:
    def __init__(
        self, dims: set[str], region: str | None, groups: Mapping[str, frozenset[str]], region_depth: int | None
    ) -> None:
        self.dims = dims
        scope_depth = len(region.split("/")) if region else 0
        self.paths = slice(max(scope_depth - 1, 0), None if region_depth is None else scope_depth + region_depth)
        """Which of an organisation's region paths (`region_ancestors`) `by_region` counts it under:
        from the report's region down to `region_depth` levels below it"""
        self.groups = groups
        self.total = 0
        self.recognised: Counter[str] = Counter()
        self.alike: Counter[tuple[str | None, str | None, str | None, str | None, str | None, str]] = Counter()
        """(domain, sector, kind, level, setting, status) -> organisations"""
        self.regions: Counter[str] = Counter()
        self.covered = self.executives = self.women = 0
        """Each organisation's codes and region are tallied as they come (by `count`), each breakdown
        summed from them once, in `result`."""

    def _breakdowns(self) -> dict[str, Counter[str]]:
        """Each breakdown asked for, summed from the tallies."""
        by: dict[str, Counter[str]] = {d: Counter() for d in self.dims}
        for (domain, sector, kind, level, setting, status), n in self.alike.items():
            for dim, code in (
                ("domain", domain),
                ("sector", sector),
                ("kind", kind),
                ("level", level),
                ("setting", setting),
            ):
                if dim in by:
                    by[dim][code or "none"] += n
            if "status" in by:
                by["status"][status] += n
            if "group" in by:
                for name, domains in self.groups.items():
                    if domain in domains:
                        by["group"][name] += n
        if "region" in by:
            for region, n in self.regions.items():
                for path in region_ancestors(region)[self.paths]:
                    by["region"][path] += n
        return by

    def result(self) -> dict[str, Any]:
        by = self._breakdowns()
        out: dict[str, Any] = {"total": self.total}
        for dim in DIMENSIONS:
            if dim in by:
                counter = by[dim]
                if dim == "group":
                    out["by_group"] = {name: counter.get(name, 0) for name in self.groups}
                else:
                    out[f"by_{dim}"] = dict(sorted(counter.items()))
        out["recognised"] = dict(sorted(self.recognised.items()))
        return out
