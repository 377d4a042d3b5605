"""The tallies (counts kept as sums): each organisation's points count what its facts say on any
clocks; for random histories (ends dated before the founding, recognitions at one level twice,
clocks set back, micro-homes) the counts read from the tallies equal the scan of the organisations,
at random `as_of`, `known_at`, region, dimensions and depth; and a rebuild keeps the tallies the
live run keeps."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_contracts import (
    DomainEvent,
    FederationRecognised,
    MicroHomeClosed,
    MicroHomeOpened,
    MicroHomeRecognised,
)
from niangjia_kit.projection import ModelFiles
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations import milestones
from niangjia_projections.models.organisations.counts import DIMENSIONS, count
from niangjia_projections.models.organisations.tally import Point, Signed, figures

from tests.unit.projections import harness
from tests.unit.projections.harness import REGION, Recorded, dissolved, founded, inspected, opened
from tests.unit.projections.test_campaign_aggregates import DAYS, clocks_of
from tests.unit.projections.test_rebuild_aggregates import dumps

REGIONS = (
    REGION + "/湖塘镇",
    REGION + "/牛塘镇",
    REGION,
    "浙江省/温州市/乐清市",
    "浙江省/杭州市",
    "江苏省/南京市/玄武区",
)
SCOPES = (
    None,
    "江苏省",
    "浙江省",
    "江苏省/常州市",
    "浙江省/温州市",
    "浙江省/杭州市",
    "广东省",
    REGION,
    REGION + "/湖塘镇",
)
START = datetime(2023, 1, 1, tzinfo=UTC)
GROUPS = {"park_and_market": frozenset({"industrial_park", "market"}), "empty": frozenset()}


def _counts(points: Signed, day: str, known: int) -> int:
    return sum(sign for (d, k), sign in points.items() if d <= day and k <= known)


def _seen(point: Point, day: str, known: int) -> bool:
    return point[0] <= day and point[1] <= known


moments = st.integers(0, 10)
dates = st.sampled_from(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"])
points = st.tuples(dates, moments)


@settings(max_examples=300, deadline=None)
@given(
    opened_at=points,
    ends=st.lists(points, max_size=3),
    recognitions=st.dictionaries(st.sampled_from(["city", "county"]), st.lists(points, min_size=1, max_size=3)),
    day=st.sampled_from(["2023-12-31", "2024-01-01", "2024-02-15", "2024-03-01", "2024-04-30", "2024-06-01"]),
    known=st.integers(-1, 11),
)
def test_an_organisations_points_count_what_its_facts_say_on_any_clocks(
    opened_at: Point, ends: list[Point], recognitions: dict[str, list[Point]], day: str, known: int
) -> None:
    kept = figures(opened_at, ends, recognitions)
    founded_then = _seen(opened_at, day, known)
    ended_then = founded_then and any(_seen(end, day, known) for end in ends)
    assert _counts(kept.get("ever", {}), day, known) == int(founded_then)
    assert _counts(kept.get("ended", {}), day, known) == int(ended_then)
    assert _counts(kept.get("standing", {}), day, known) == int(founded_then and not ended_then)
    for level, at in recognitions.items():
        recognised = founded_then and not ended_then and any(_seen(r, day, known) for r in at)
        assert _counts(kept.get(f"recognised:{level}", {}), day, known) == int(recognised), level


@st.composite
def histories(draw: st.DrawFn) -> list[Recorded]:
    """Organisations of every type, domain, kind and level founded, recognised (a level twice, at
    times), inspected, dissolved or closed (dated before the founding, at times), recorded hours
    or weeks apart."""
    moment = START
    federations: list[str] = []
    standing: dict[str, str] = {}
    history: list[Recorded] = []
    for n in range(draw(st.integers(3, 40))):
        moment += timedelta(minutes=draw(st.sampled_from([0, 1, 60 * 5, 60 * 24 * 20, 60 * 24 * 45])))
        choice = draw(st.sampled_from(["found", "found", "open", "end", "recognise", "recognise", "inspect"]))
        day = draw(st.sampled_from(DAYS))
        event: DomainEvent
        if choice == "found" or not federations:
            fid = f"f{n}"
            event = founded(
                fid,
                on=day,
                region=draw(st.sampled_from(REGIONS)),
                domain=draw(st.sampled_from(["industrial_park", "market", "talent_apartment", "chamber_of_commerce"])),
                kind=draw(st.sampled_from(["federation", "committee", "group"])),
                level=draw(st.sampled_from(["county", "town", "village", "grid"])),
                executives=draw(st.integers(0, 9)),
                covered=draw(st.integers(0, 30)),
            )
            federations.append(fid)
            standing[fid] = "federation"
        elif choice == "open":
            event = replace_setting(
                opened(f"m{n}", draw(st.sampled_from(federations)), on=day, region=draw(st.sampled_from(REGIONS))),
                draw(st.sampled_from(["merchant", "stairwell", "online"])),
            )
            standing[f"m{n}"] = "micro_home"
        elif choice == "end" and standing:
            oid = draw(st.sampled_from(sorted(standing)))
            if standing.pop(oid) == "federation":
                event = dissolved(oid, day)
            else:
                event = MicroHomeClosed.model_validate({"micro_home_id": oid, "closed_on": day, "reason": "moved"})
        elif choice == "recognise" and standing:
            oid = draw(st.sampled_from(sorted(standing)))
            facts = {"recognised_on": day, "level": draw(st.sampled_from(["city", "county"])), "title": "示范点"}
            if standing[oid] == "federation":
                event = FederationRecognised.model_validate({"federation_id": oid, **facts})
            else:
                event = MicroHomeRecognised.model_validate({"micro_home_id": oid, **facts})
        else:
            event = inspected(draw(st.sampled_from(federations)), day, draw(st.sampled_from(["active", "dormant"])))
        history.append(Recorded(moment, event))
    return history


def replace_setting(event: MicroHomeOpened, setting: str) -> MicroHomeOpened:
    return MicroHomeOpened.model_validate(event.model_dump() | {"setting": setting})


WITHOUT_STATUS = tuple(d for d in DIMENSIONS if d != "status")


@settings(max_examples=80, deadline=None)
@given(
    history=histories(),
    back=st.lists(st.booleans(), min_size=40, max_size=40),
    batch=st.integers(1, 7),
    data=st.data(),
)
def test_the_counts_from_the_tallies_equal_the_scan_of_the_organisations(
    history: list[Recorded], back: list[bool], batch: int, data: st.DataObject
) -> None:
    history = harness.set_back(history, back)
    with harness.connected(history, "organisations", "activities", batch_size=batch) as conn:
        for _ in range(6):
            clocks = data.draw(clocks_of(history))
            region = data.draw(st.sampled_from(SCOPES))
            dims = data.draw(st.lists(st.sampled_from(WITHOUT_STATUS), unique=True, min_size=1))
            depth = data.draw(st.one_of(st.none(), st.integers(0, 4)))
            asked = {"region": region, "groups": GROUPS, "since": date(2024, 1, 1), "dimensions": dims}
            scanned = count(conn, clocks, **asked, region_depth=depth, from_tallies=False)  # type: ignore[arg-type]
            tallied = count(conn, clocks, **asked, region_depth=depth)  # type: ignore[arg-type]
            assert tallied == scanned, (clocks, region, dims, depth)


@settings(max_examples=30, deadline=None)
@given(history=histories(), batch=st.integers(1, 7), rebuild_batch=st.integers(1, 50))
def test_a_rebuild_gives_the_tallies_the_live_run_keeps(
    history: list[Recorded], batch: int, rebuild_batch: int
) -> None:
    rebuilt, live = dumps(history, batch, rebuild_batch, ("organisations",))
    assert rebuilt == live


def test_a_count_without_dormancy_reads_the_tallies_and_one_with_it_the_organisations(tmp_path: Path) -> None:
    history = [Recorded(START, founded("f1", on="2024-01-10")), Recorded(START, dissolved("f1", "2024-03-01"))]
    models = harness.given(tmp_path, history)
    path = ModelFiles(tmp_path).current("organisations")
    assert path is not None
    with sqlite3.connect(path) as writer:  # what the tallies say is gone; the scan still sees the facts
        assert writer.execute("DELETE FROM tally").rowcount > 0
    writer.close()
    with models.connect("organisations", "activities") as conn:
        asked = {"region": None, "groups": GROUPS, "since": date(2024, 1, 1)}
        before = Clocks(as_of=date(2024, 2, 1))
        assert count(conn, before, **asked, dimensions=("domain",))["federations"]["total"] == 0  # type: ignore[arg-type]
        assert count(conn, before, **asked)["federations"]["total"] == 1  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(history=histories(), data=st.data())
def test_the_first_of_each_domain_and_kind_is_the_earliest_founded_and_recorded(
    history: list[Recorded], data: st.DataObject
) -> None:
    with harness.connected(history, "organisations") as conn:
        every = conn.execute(
            "SELECT org_id, domain, kind, opened_on, position, known_us, region FROM org WHERE org_type = 'federation'"
        ).fetchall()
        for _ in range(4):
            clocks = data.draw(clocks_of(history))
            region = data.draw(st.sampled_from(SCOPES))
            first: dict[tuple[str, str], tuple[str, int, str]] = {}
            for org_id, domain, kind, opened_on, position, known_us, org_region in every:
                inside = region is None or org_region == region or org_region.startswith(region + "/")
                if inside and opened_on <= clocks.day and known_us <= clocks.known_us:
                    key = (opened_on, position, org_id)
                    first[(domain, kind)] = min(first.get((domain, kind), key), key)
            walk_from = data.draw(st.sampled_from((0, 4, milestones.WALK_FROM)))  # walked, either, read by region
            found = milestones.firsts(conn, clocks, region, domain=None, kind=None, walk_from=walk_from)["items"]
            assert {(i["domain"], i["kind"]): i["federation_id"] for i in found} == {
                pair: org_id for pair, (_, _, org_id) in first.items()
            }, (clocks, region)


@settings(max_examples=60, deadline=None)
@given(history=histories(), back=st.lists(st.booleans(), min_size=40, max_size=40), data=st.data())
def test_the_founded_within_a_window_from_the_tallies_equal_the_scan(
    history: list[Recorded], back: list[bool], data: st.DataObject
) -> None:
    history = harness.set_back(history, back)
    with harness.connected(history, "organisations") as conn:
        dated = sorted({harness.business_date(r.event) for r in history})  # a window's edge on a fact's day
        for _ in range(6):
            clocks = data.draw(clocks_of(history))
            if data.draw(st.booleans()):
                clocks = Clocks(as_of=data.draw(st.sampled_from(dated)), known_at=clocks.known_at)
            region = data.draw(st.sampled_from(SCOPES))
            first, last = sorted(
                date.fromisoformat(d) for d in data.draw(st.lists(st.sampled_from(DAYS), min_size=2, max_size=2))
            )
            scanned = milestones.founded(conn, clocks, region, first, last, from_tallies=False)
            assert milestones.founded(conn, clocks, region, first, last) == scanned, (clocks, region, first, last)
