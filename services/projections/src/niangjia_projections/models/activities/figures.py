"""What one activity and one organiser add to the campaign figures, defined once for the projection
that keeps the aggregates and for the query that settles the last day of a `known_at` report.

An activity's **slot** in its year: 0 (outside any campaign) when it carries no theme, the quarter
when it carries its quarter's theme, none otherwise (it is in no row). A figure is kept per region
**node**: the root ("", every region) and every prefix of the activity's region path, so a report
on a region reads its node's rows only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from niangjia_contracts import Campaign, region_ancestors

ROOT = ""
FEDERATION, MICRO_HOME, ACTIVE = "federation", "micro_home", "active"
_THEMES = {Campaign.of_quarter(q).value: q for q in range(1, 5)}


class Activity(NamedTuple):
    """An activity's facts, as its latest version (or `activity_current`) holds them."""

    organiser_id: str
    organiser_kind: str
    region: str
    held_on: str
    campaign: str | None
    people_served: int
    volunteers: int
    goods_value_cents: int


class Federation(NamedTuple):
    """What the coverage needs of an organiser recorded as a federation: where it is, when it was
    founded, and the earliest end recorded (None while none is)."""

    region: str
    founded_on: str
    ended_on: str | None


FederationKey = tuple[str, str, str, str]
"""(node, 'founded' or 'ended', day, opened_on): a federation founded on `day`; or one founded on
`opened_on` whose earliest end is dated `day`."""
SumKey = tuple[str, int, str]
"""(node, slot, held_on)"""
OrganiserKey = tuple[str, int, str, str]
"""(node, slot, measure, day): the organiser counts in `measure` of the row from `day` on."""


@lru_cache(maxsize=1 << 16)
def nodes(region: str) -> tuple[str, ...]:
    """The nodes a fact in `region` counts under: the root and every prefix of the path."""
    return (ROOT, *region_ancestors(region))


def node_of(region: str | None) -> str:
    return ROOT if region is None else region


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(days=1)
    return start, end


@lru_cache(maxsize=1 << 14)
def slot_of(held_on: str, campaign: str | None) -> int | None:
    if campaign is None:
        return 0
    quarter = (int(held_on[5:7]) - 1) // 3 + 1
    return quarter if _THEMES.get(campaign) == quarter else None


_PERIODS: dict[tuple[int, int], tuple[str, str]] = {}


def period(year: int, slot: int) -> tuple[str, str]:
    """The first and last day of a slot's row: the year for slot 0, else the quarter."""
    found = _PERIODS.get((year, slot))
    if found is None:
        if slot == 0:
            found = (f"{year:04d}-01-01", f"{year:04d}-12-31")
        else:
            start, end = quarter_bounds(year, slot)
            found = (start.isoformat(), end.isoformat())
        _PERIODS[(year, slot)] = found
    return found


def sums(activity: Activity | None) -> list[SumKey]:
    """The keys an activity adds (1, people, volunteers, cents) to; none for no activity or no slot."""
    if activity is None:
        return []
    slot = slot_of(activity.held_on, activity.campaign)
    if slot is None:
        return []
    return [(node, slot, activity.held_on) for node in nodes(activity.region)]


def organiser_keys(
    activities: Iterable[Activity], federation: Federation | None, node: str | None = None
) -> set[OrganiserKey]:
    """Where one organiser (an organiser kind and id) counts, given its activities (all or a year's)
    and, for a federation, its record as an organisation; at `node` only when given (the same keys
    as the others' less those of other nodes).

    In every row (node, slot, period) that holds one of its activities it counts once in its kind's
    measure, from the day of its first such activity (a report `as_of` a day counts it when that
    day is on or before). A federation counts as well in `active` (the coverage) at the nodes that
    hold its own region, unless it ended before the row's period began, from the later of its first
    activity and its founding, when that falls in the period.
    """
    first: dict[tuple[str, int, str], str] = {}
    kind = None
    for activity in activities:
        slot = slot_of(activity.held_on, activity.campaign)
        if slot is None:
            continue
        kind = activity.organiser_kind
        start = period(int(activity.held_on[:4]), slot)[0]
        under = nodes(activity.region)
        if node is not None:
            under = (node,) if node in under else ()
        for at in under:
            key = (at, slot, start)
            known = first.get(key)
            if known is None or activity.held_on < known:
                first[key] = activity.held_on
    if kind is None:
        return set()
    return keys_from_first(first, kind, federation)


def keys_from_first(
    first: dict[tuple[str, int, str], str], kind: str, federation: Federation | None
) -> set[OrganiserKey]:
    """The keys of an organiser of `kind` whose first activity in each (node, slot, period) is `first`
    (see organiser_keys)."""
    keys: set[OrganiserKey] = {(node, slot, kind, day) for (node, slot, _), day in first.items()}
    if kind == FEDERATION and federation is not None:
        own = set(nodes(federation.region))
        for (node, slot, start), day in first.items():
            if node not in own or (federation.ended_on is not None and federation.ended_on < start):
                continue
            since = max(day, federation.founded_on)
            if since <= period(int(start[:4]), slot)[1]:
                keys.add((node, slot, ACTIVE, since))
    return keys


def federation_keys(federation: Federation | None) -> set[FederationKey]:
    """Where a federation counts for the open federations of a period (see `campaigns`): founded at
    every node holding its region, and ended there once an end is recorded."""
    if federation is None:
        return set()
    keys = {(node, "founded", federation.founded_on, federation.founded_on) for node in nodes(federation.region)}
    if federation.ended_on is not None:
        keys |= {(node, "ended", federation.ended_on, federation.founded_on) for node in nodes(federation.region)}
    return keys
