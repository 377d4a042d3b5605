"""Where an organiser counts before and after a run of events, read from the read model in groups.

`figures.organiser_keys` places an organiser from its activities one by one; all it reads of each is
the row it falls in (region, slot, the period's first day) and its day, and of each row only the
earliest day. So an organiser is placed here from those earliest days, one per (region, slot,
period) (`Groups`): SQLite groups the organiser's standing activities of the years (all but those the
run touched, `_GROUPED`), and the run's own are added as they stood before it and as they stand
after it. The keys that follow (`keys_of`) are the very keys `organiser_keys` gives for the same
activities, and an organiser whose groups and record did not move is not placed at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache

from niangjia_projections.models.activities.figures import (
    Activity,
    Federation,
    OrganiserKey,
    keys_from_first,
    nodes,
    period,
    slot_of,
)

Organiser = tuple[str, str]
"""(organiser kind, organiser id)"""
Groups = dict[tuple[str, int, str], str]
"""(region, slot, the first day of the slot's period) -> the earliest day an activity was held there."""


@lru_cache(maxsize=256)
def _grouped(excluded: int) -> str:
    """The earliest day per region, campaign and month of an organiser's standing activities held
    between two days, but `excluded` of them (by id)."""
    but = f" AND activity_id NOT IN ({', '.join('?' * excluded)})" if excluded else ""
    return (
        "SELECT region, campaign, min(held_on) FROM activity_current"  # noqa: S608 - placeholders only
        " WHERE organiser_id = ? AND organiser_kind = ? AND retracted = 0 AND held_on BETWEEN ? AND ?"
        f"{but} GROUP BY region, campaign, substr(held_on, 1, 7)"
    )


def add_to(groups: Groups, region: str, campaign: str | None, held_on: str) -> None:
    """Count an activity (its region, campaign and day) into `groups`."""
    slot = slot_of(held_on, campaign)
    if slot is None:
        return
    key = (region, slot, period(int(held_on[:4]), slot)[0])
    known = groups.get(key)
    if known is None or held_on < known:
        groups[key] = held_on


def stored_groups(
    conn: sqlite3.Connection, organiser: Organiser, days: tuple[str, str], excluded: Sequence[str]
) -> Groups:
    """The groups of the organiser's standing activities held within `days`, but `excluded`."""
    kind, org_id = organiser
    groups: Groups = {}
    for region, campaign, held_on in conn.execute(_grouped(len(excluded)), (org_id, kind, *days, *excluded)):
        add_to(groups, region, campaign, held_on)
    return groups


def keys_of(groups: Groups, kind: str, federation: Federation | None) -> set[OrganiserKey]:
    """`figures.organiser_keys` of activities of `kind` whose groups are `groups`."""
    first: dict[tuple[str, int, str], str] = {}
    for (region, slot, start), day in groups.items():
        for node in nodes(region):
            key = (node, slot, start)
            known = first.get(key)
            if known is None or day < known:
                first[key] = day
    return keys_from_first(first, kind, federation)


def by_organiser(*states: dict[str, Activity]) -> dict[Organiser, list[str]]:
    """The ids of the activities in `states` by organiser (each organiser's ids once)."""
    found: dict[Organiser, dict[str, None]] = {}
    for state in states:
        for activity_id, activity in state.items():
            found.setdefault((activity.organiser_kind, activity.organiser_id), {})[activity_id] = None
    return {organiser: list(ids) for organiser, ids in found.items()}


def with_run(groups: Groups, run: Iterable[Activity], days: tuple[str, str]) -> Groups:
    """`groups` with the activities of `run` held within `days` added (a copy)."""
    out = dict(groups)
    for activity in run:
        if days[0] <= activity.held_on <= days[1]:
            add_to(out, activity.region, activity.campaign, activity.held_on)
    return out


def moving_only(was: Groups, now: Groups) -> tuple[Groups, Groups]:
    """`was` and `now` holding only the periods (slot, first day) in which a group moved: an
    organiser's keys in one period come from its groups in that period alone (`keys_of`), so with its
    record unchanged, no other period's keys can move."""
    moving = {(slot, start) for (_, slot, start) in was.keys() ^ now.keys()}
    moving |= {(slot, start) for (region, slot, start), day in was.items() if now.get((region, slot, start)) != day}
    return (
        {group: day for group, day in was.items() if group[1:] in moving},
        {group: day for group, day in now.items() if group[1:] in moving},
    )
