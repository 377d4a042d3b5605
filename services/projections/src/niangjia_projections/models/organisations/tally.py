"""The counts kept as sums (the tallies), so that a report reads a few hundred rows, not every
organisation of the country, and stays exact on both clocks.

Each figure of `/counts` that does not ask for dormancy is a sum over the organisations of whether
each one counts on the report's clocks (`as_of`, `known_at`). Whether it counts is a sum of signed
**points**: a point (day, known) counts when `day <= as_of` and `known <= known_at`. An
organisation founded at `o` (its date and the time it was recorded) counts as founded by the point
`+o`; once ended by `e` as well, its standing is `+o - max(o, e)` (both conditions met: the later
date and the later time); an organisation recognised at a level by `r` while standing adds
`+max(r, o) - max(r, o, e)`. Two ends, or two recognitions at one level, are unions: inclusion and
exclusion of their points, so nothing is counted twice (`Signed`).

Each organisation's points are kept (`tally_point`) and recomputed whenever a fact of it arrives;
what changed is added to the sums by region node, dimension and the month of each clock
(`tally`, `tally_region`, see `schema`). A report sums the months before its own and reads the
points of its own month one by one (`tallied`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from niangjia_contracts import region_ancestors

from niangjia_projections.models.common import in_chunks, insert
from niangjia_projections.models.organisations.schema import ENDED, FEDERATION, RECOGNISED

Point = tuple[str, int]
"""(business date YYYY-MM-DD, time recorded in microseconds)"""
Signed = dict[Point, int]

EVER, STANDING, ENDED_FIGURE, RECOGNISED_FIGURE = "ever", "standing", "ended", "recognised"
TOTAL = "total"
FEDERATION_DIMS = ("domain", "sector", "kind", "level", "setting", "chamber_origin")
"""What a federation is counted by; a chamber of commerce's federation by its origin too (`milestones.chambers`)."""
CHAMBER = "chamber_of_commerce"
MICRO_HOME_DIMS = ("setting",)
DIM_DEPTH = 1
"""The sums by dimension are kept for the country and the region nodes down to this depth (the
provinces); deeper, a report reads the organisations themselves (a city's are a few thousand). The standing totals by
region (`by_region`) are kept at every depth."""
NOW_DEPTH = 3
"""The sums with neither clock (`NOW`, one row a dimension's value: every point counts) are kept down
to this depth (the counties): today's counts of a county, the view its leader opens most, read a
few rows, not its points."""

NOW, DAY, BOTH, DAY_FINE, BOTH_FINE = 0, 1, 2, 3, 4
"""Which clocks a row of the sums is for: `NOW` neither (every month's in one row), `DAY` `as_of` only
(by the month of the date), `BOTH` also `known_at` (by the month of each); `DAY_FINE` and
`BOTH_FINE` (`tally`, the country's only) as `DAY` and `BOTH` by the date itself rather than its
month, for the days of a report's own month (a province reads the points of those days)."""
DAY_US = 86_400_000_000
_NODE_DEPTH = {NOW: NOW_DEPTH, DAY: DIM_DEPTH, BOTH: DIM_DEPTH}
"""How deep each sum by dimension is kept (the country's only: 0, the sums by the date itself)."""


def month_of(day: str) -> str:
    return day[:7]


@lru_cache(maxsize=1 << 12)
def _known_month(known_day: int) -> str:
    return datetime.fromtimestamp(known_day * 86_400, UTC).strftime("%Y-%m")


def known_month(known_us: int) -> str:
    """The UTC month of a time recorded."""
    return _known_month(known_us // DAY_US)


@lru_cache(maxsize=1 << 16)
def paths(region: str) -> tuple[str, ...]:
    """`region_ancestors`, kept: the same towns come back run after run, report after report."""
    return tuple(region_ancestors(region))


@lru_cache(maxsize=1 << 16)
def _nodes(region: str, depth: int) -> tuple[str, ...]:
    """The country's node and `region`'s path down to `depth`."""
    return ("", *paths(region)[:depth])


# -- the points ----------------------------------------------------------------------------------


def _meet(a: Signed, b: Signed) -> Signed:
    """Both: each point of `a` with each of `b` at their later date and later time."""
    out: Signed = {}
    for (day_a, known_a), sign_a in a.items():
        for (day_b, known_b), sign_b in b.items():
            point = (max(day_a, day_b), max(known_a, known_b))
            out[point] = out.get(point, 0) + sign_a * sign_b
    return {point: sign for point, sign in out.items() if sign}


def _add(a: Signed, b: Signed, times: int = 1) -> Signed:
    out = dict(a)
    for point, sign in b.items():
        out[point] = out.get(point, 0) + times * sign
    return {point: sign for point, sign in out.items() if sign}


def _union(points: Iterable[Point]) -> Signed:
    """Any of `points`: one point's set, or the union by inclusion and exclusion."""
    union: Signed = {}
    for point in points:
        single = {point: 1}
        union = _add(_add(union, single), _meet(union, single), -1)
    return union


def figures(opened: Point, ends: Sequence[Point], recognitions: Mapping[str, Sequence[Point]]) -> dict[str, Signed]:
    """An organisation's points by figure: founded (`ever`), `ended`, `standing` and recognised at
    each level while standing (`recognised:<level>`)."""
    founded = {opened: 1}
    ended = _meet(_union(ends), founded)
    standing = _add(founded, ended, -1)
    out = {EVER: founded, ENDED_FIGURE: ended, STANDING: standing}
    for level, points in recognitions.items():
        out[f"{RECOGNISED_FIGURE}:{level}"] = _meet(_union(points), standing)
    return {figure: points for figure, points in out.items() if points}


# -- where an organisation's points are summed ---------------------------------------------------


def codes_of(org_type: str, values: Sequence[object]) -> tuple[tuple[str, str], ...]:
    """(dimension, code or "none") of each dimension counted for `org_type`, from its (domain,
    sector, kind, level, setting, chamber origin); the origin only for a chamber's federation."""
    if org_type == FEDERATION:
        coded = zip(FEDERATION_DIMS, values, strict=True)
        chamber = values[0] == CHAMBER
        return tuple((dim, str(value or "none")) for dim, value in coded if chamber or dim != "chamber_origin")
    return (("setting", str(values[4] or "none")),)


def keys_of(figure: str, codes: Sequence[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(dimension, value) of each sum at a node that `figure`'s points add to."""
    if figure.startswith(RECOGNISED_FIGURE):
        yield "level", figure.partition(":")[2]
        return
    yield TOTAL, ""
    if figure in (STANDING, EVER):
        yield from codes


@dataclass(frozen=True, slots=True)
class Organisation:
    """What an organisation's points are summed by: its type, region and codes, and the members the
    standing figures add up."""

    org_type: str
    region: str
    codes: tuple[tuple[str, str], ...]
    """(dimension, code or "none") of each dimension counted for its type"""
    weights: tuple[int, int, int]
    """women (a micro-home's members), executive members, organisations covered"""

    @classmethod
    def of(cls, row: Sequence[object]) -> Organisation:
        """From a row of `ORGANISATION_COLUMNS`."""
        org_type, region, domain, sector, kind, level, setting, women, executives, covered, origin = row
        codes = codes_of(str(org_type), (domain, sector, kind, level, setting, origin))
        return cls(str(org_type), str(region), codes, (int(women), int(executives), int(covered)))  # type: ignore[call-overload]

    def keys(self, figure: str, nodes: Sequence[str]) -> Iterator[tuple[str, str, str]]:
        """(node, dimension, value) of each sum that `figure`'s points add to, in `nodes`."""
        for node in nodes:
            for dim, value in keys_of(figure, self.codes):
                yield node, dim, value

    def nodes(self, marginal: int) -> tuple[str, ...]:
        """The nodes whose sums of `marginal` it adds to: the country's, and down to that sum's depth."""
        return _nodes(self.region, _NODE_DEPTH.get(marginal, 0))

    def region_nodes(self) -> list[tuple[int, str]]:
        """(depth, node) of every region it lies in."""
        return list(enumerate(paths(self.region), start=1))


ORGANISATION_COLUMNS = (
    "o.org_type, o.region, o.domain, o.sector, o.kind, o.level, o.setting, "
    "o.women_members, o.executive_members, o.organisations_covered, o.chamber_origin"
)
TallyKey = tuple[int, str, str, str, str, str, str, str]
RegionKey = tuple[int, int, str, str, str, str]


class Deltas:
    """What a run of facts adds to the sums, by key."""

    def __init__(self) -> None:
        self.tally: dict[TallyKey, list[int]] = {}
        self.regions: dict[RegionKey, int] = {}

    def add(self, org: Organisation, figure: str, point: Point, sign: int) -> None:
        day, known = point
        month, recorded = month_of(day), known_month(known)
        months = ((DAY, month, ""), (BOTH, month, recorded))
        fine = ((DAY_FINE, day, ""), (BOTH_FINE, day, recorded))
        n, (women, executives, covered) = sign, org.weights
        weights = (sign, sign * women, sign * executives, sign * covered)
        for marginal, day_m, known_m in ((NOW, "", ""), *months, *fine):
            for node, dim, value in org.keys(figure, org.nodes(marginal)):
                key = (marginal, node, day_m, known_m, org.org_type, figure.partition(":")[0], dim, value)
                sums = self.tally.get(key)
                if sums is None:
                    self.tally[key] = list(weights)
                else:
                    for i, weight in enumerate(weights):
                        sums[i] += weight
        if figure != STANDING:
            return
        for marginal, day_m, known_m in ((NOW, "", ""), *months):
            for depth, node in org.region_nodes():
                region_key = (marginal, depth, node, day_m, known_m, org.org_type)
                self.regions[region_key] = self.regions.get(region_key, 0) + n

    def tally_rows(self) -> list[tuple[object, ...]]:
        return [(*key, *sums) for key, sums in self.tally.items() if any(sums)]

    def region_rows(self) -> list[tuple[object, ...]]:
        return [(*key, n) for key, n in self.regions.items() if n]


_ORGANISATIONS = f"SELECT o.org_id, o.opened_on, o.known_us, {ORGANISATION_COLUMNS} FROM org o WHERE o.org_id IN "  # noqa: S608
_CHANGES = (
    f"SELECT org_id, change, on_date, value, known_us FROM org_change WHERE change IN ('{ENDED}', '{RECOGNISED}') "  # noqa: S608
    "AND org_id IN "
)
_POINTS = "SELECT org_id, figure, day, known_us, sign FROM tally_point WHERE org_id IN "
_DROP_POINTS = "DELETE FROM tally_point WHERE org_id IN "
POINT_COLUMNS = (
    *("org_type", "region", "domain", "sector", "kind", "level", "setting", "women", "executives", "covered"),
    *("chamber_origin", "opened_on"),
)
"""What a point is counted by: its organisation's `ORGANISATION_COLUMNS` and its founding day."""
_INSERT_POINT = insert("tally_point", ("org_id", "figure", "day", "known_us", "sign", *POINT_COLUMNS))


def recount(conn: sqlite3.Connection, org_ids: Iterable[str]) -> Deltas:
    """Recompute the points of `org_ids` from their facts, keep them, and return what changed in
    the sums."""
    ids = sorted(set(org_ids))
    deltas = Deltas()
    for marks, chunk in in_chunks(ids):
        orgs = {row[0]: row for row in conn.execute(_ORGANISATIONS + marks, chunk)}
        ends: dict[str, list[Point]] = {}
        recognitions: dict[str, dict[str, list[Point]]] = {}
        for org_id, change, on_date, value, known_us in conn.execute(_CHANGES + marks, chunk):
            if change == ENDED:
                ends.setdefault(org_id, []).append((on_date, known_us))
            else:
                recognitions.setdefault(org_id, {}).setdefault(value, []).append((on_date, known_us))
        before: dict[str, dict[tuple[str, str, int], int]] = {}
        for org_id, figure, day, known_us, sign in conn.execute(_POINTS + marks, chunk):
            before.setdefault(org_id, {})[(figure, day, known_us)] = sign
        conn.execute(_DROP_POINTS + marks, chunk)
        rows: list[tuple[object, ...]] = []
        for org_id in chunk:
            row = orgs.get(org_id)
            if row is None:
                continue  # a change of an organisation not founded: counted nowhere
            org = Organisation.of(row[3:])
            after: dict[tuple[str, str, int], int] = {}
            for figure, points in figures((row[1], row[2]), ends.get(org_id, []), recognitions.get(org_id, {})).items():
                for (day, known_us), sign in points.items():
                    after[(figure, day, known_us)] = sign
                    rows.append((org_id, figure, day, known_us, sign, *row[3:], row[1]))
            old = before.get(org_id, {})
            for key in old.keys() | after.keys():
                moved = after.get(key, 0) - old.get(key, 0)
                if moved:
                    figure, day, known_us = key
                    deltas.add(org, figure, (day, known_us), moved)
        conn.executemany(_INSERT_POINT, rows)
    return deltas
