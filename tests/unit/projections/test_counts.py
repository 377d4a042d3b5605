"""Counts: given events -> then the organisations read model answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from niangjia_contracts import DOMAIN_GROUPS
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations.counts import count

from tests.unit.projections import harness
from tests.unit.projections.harness import REGION, TOWN, Recorded, at, dissolved, founded, held, inspected, opened

GROUPS = {name: frozenset(d.value for d in ds) for name, ds in DOMAIN_GROUPS.items()}

NOW = Clocks()
SINCE = date(2024, 1, 1)
"""The period of silence starts before the histories' foundings: dormant only by a finding."""


def counts(
    directory: Path, history: list[Recorded], clocks: Clocks = NOW, region: str | None = None, since: date = SINCE
) -> dict[str, Any]:
    models = harness.given(directory, history)
    with models.connect("organisations", "activities") as conn:
        return count(conn, clocks, region=region, groups=GROUPS, since=since)


ANY: dict[str, Any] = {"region": None, "groups": GROUPS, "since": SINCE}
OTHER_TOWN = REGION + "/牛塘镇"


def test_counts_by_domain_sector_group_and_region_rolled_up(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1", domain="industrial_park", level="town")),
        Recorded(at("2024-01-11"), founded("f2", domain="market", region=OTHER_TOWN)),
        Recorded(at("2024-01-11"), founded("f3", domain="emerging_industry", executives=7, covered=12)),
        Recorded(at("2024-01-11"), founded("f4", domain="residential_community", region="浙江省/温州市/乐清市")),
        Recorded(at("2024-02-02"), opened("m1", "f1")),
    ]
    result = counts(tmp_path, history, region=REGION)
    fed = result["federations"]
    assert fed["total"] == 3
    assert fed["by_domain"] == {"emerging_industry": 1, "industrial_park": 1, "market": 1}
    assert fed["by_sector"] == {"new_economic": 2, "new_employment": 1}
    assert fed["by_group"] == {"park_and_market": 2}
    assert fed["by_region"] == {REGION: 3, TOWN: 2, OTHER_TOWN: 1}
    assert fed["by_level"] == {"town": 1, "village": 2}
    assert fed["executive_members"] == 5 + 5 + 7
    assert fed["organisations_covered"] == 1 + 1 + 12
    assert result["micro_homes"]["total"] == 1
    province = counts(tmp_path / "again", history, region="江苏省")
    assert province["federations"]["by_region"]["江苏省"] == 3
    everywhere = counts(tmp_path / "all", history)
    assert everywhere["federations"]["by_sector"]["none"] == 1
    assert everywhere["federations"]["total"] == 4


def test_by_region_goes_down_as_many_levels_as_asked(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1")),
        Recorded(at("2024-01-11"), founded("f2", region=OTHER_TOWN)),
        Recorded(at("2024-01-11"), founded("f3", region="浙江省/温州市/乐清市")),
    ]
    models = harness.given(tmp_path, history)

    def by_region(region: str | None, depth: int | None) -> dict[str, int]:
        with models.connect("organisations", "activities") as conn:
            found = count(conn, NOW, region=region, groups={}, since=SINCE, dimensions=("region",), region_depth=depth)
        return dict(found["federations"]["by_region"])

    assert by_region(None, 1) == {"江苏省": 2, "浙江省": 1}
    assert by_region(None, 2) == {"江苏省": 2, "江苏省/常州市": 2, "浙江省": 1, "浙江省/温州市": 1}
    assert by_region(None, 0) == {}
    assert by_region(REGION, 0) == {REGION: 2}
    assert by_region(REGION, 1) == {REGION: 2, TOWN: 1, OTHER_TOWN: 1}
    assert by_region(REGION, None) == by_region(REGION, 5) == by_region(REGION, 1)
    assert len(by_region(None, None)) == 2 + 2 + 2 + 2  # provinces, cities, counties, towns


def test_region_is_matched_by_segments_not_by_prefix(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1", region="江苏省/常州市/武进区")),
        Recorded(at("2024-01-11"), founded("f2", region="江苏省/常州市/武进区新城")),
    ]
    assert counts(tmp_path, history, region="江苏省/常州市/武进区")["federations"]["total"] == 1


def test_status_open_dormant_dissolved_follow_the_latest_inspection_and_dissolution(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1")),
        Recorded(at("2024-01-11"), founded("f2")),
        Recorded(at("2024-01-11"), founded("f3")),
        Recorded(at("2024-03-02"), inspected("f1", "2024-03-01", "dormant")),
        Recorded(at("2024-06-02"), inspected("f1", "2024-06-01", "active")),
        Recorded(at("2024-03-02"), inspected("f2", "2024-03-01", "dormant")),
        Recorded(at("2024-05-02"), dissolved("f3", "2024-05-01")),
    ]
    result = counts(tmp_path, history)
    now = result["federations"]
    assert now["by_status"] == {"dormant": 1, "open": 1}
    assert now["total"] == 2 and now["by_domain"] == {"non_public_enterprise": 2}
    assert now["executive_members"] == 10 and now["women_members"] == 40  # the same set as the total
    assert result["ended"] == {"federations": 1, "micro_homes": 0}
    assert result["ever_founded"] == {"federations": 3, "micro_homes": 0}
    in_april = counts(tmp_path / "april", history, Clocks(as_of=date(2024, 4, 1)))["federations"]
    assert in_april["by_status"] == {"dormant": 2, "open": 1}


def test_of_two_inspections_on_one_day_the_later_recorded_decides_on_both_clocks(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1")),
        Recorded(at("2024-01-11"), founded("f2", region=OTHER_TOWN)),
        Recorded(at("2024-03-02T09:00"), inspected("f1", "2024-03-01", "dormant")),
        Recorded(at("2024-03-02T10:00"), inspected("f1", "2024-03-01", "active")),
        Recorded(at("2024-03-02T09:00"), inspected("f2", "2024-03-01", "active")),
        Recorded(at("2024-03-02T10:00"), inspected("f2", "2024-03-01", "dormant")),
        Recorded(at("2024-03-03T10:00"), inspected("f2", "2024-02-01", "active")),  # earlier, recorded later
    ]
    models = harness.given(tmp_path, history)

    def dormant(clocks: Clocks) -> set[str]:
        with models.connect("organisations", "activities") as conn:
            found = count(conn, clocks, **ANY, statuses=frozenset({"dormant"}))["federations"]["by_region"]
        return {region for region, n in found.items() if n and region in (TOWN, OTHER_TOWN)}

    assert dormant(NOW) == {OTHER_TOWN}
    assert dormant(Clocks(known_at=at("2024-03-02T09:30"))) == {TOWN}
    assert dormant(Clocks(as_of=date(2024, 2, 15))) == set()


def test_as_of_and_known_at_answer_apart_and_together(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1", on="2024-01-10")),
        # founded in March, recorded only in May: a late entry
        Recorded(at("2024-05-20"), founded("f2", on="2024-03-15")),
        Recorded(at("2024-05-21"), founded("f3", on="2024-05-21")),
    ]
    models = harness.given(tmp_path, history)

    def total(clocks: Clocks) -> int:
        with models.connect("organisations", "activities") as conn:
            return int(count(conn, clocks, region=None, groups=GROUPS, since=SINCE)["federations"]["total"])

    assert total(Clocks()) == 3
    assert total(Clocks(as_of=date(2024, 3, 31))) == 2
    assert total(Clocks(known_at=at("2024-04-01"))) == 1
    assert total(Clocks(as_of=date(2024, 3, 31), known_at=at("2024-04-01"))) == 1
    assert total(Clocks(as_of=date(2024, 3, 31), known_at=at("2024-06-01"))) == 2


def test_a_dissolution_recorded_late_shows_on_the_known_at_clock(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1")),
        Recorded(at("2024-07-01"), dissolved("f1", "2024-03-01")),
    ]
    models = harness.given(tmp_path, history)
    with models.connect("organisations", "activities") as conn:
        before = count(conn, Clocks(as_of=date(2024, 4, 1), known_at=at("2024-06-01")), **ANY)
        after = count(conn, Clocks(as_of=date(2024, 4, 1)), **ANY)
    assert before["federations"]["by_status"] == {"open": 1} and before["ended"]["federations"] == 0
    assert after["federations"]["total"] == 0 and after["ended"]["federations"] == 1


def test_custom_groups_and_status_filter(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1", domain="chamber_of_commerce")),
        Recorded(at("2024-01-11"), founded("f2", domain="industry_association")),
        Recorded(at("2024-01-11"), founded("f3", domain="market")),
        Recorded(at("2024-02-11"), dissolved("f3", "2024-02-10")),
    ]
    models = harness.given(tmp_path, history)
    groups = {**GROUPS, "social": frozenset({"chamber_of_commerce", "industry_association"})}
    with models.connect("organisations", "activities") as conn:
        everything = count(conn, Clocks(), region=None, groups=groups, since=SINCE)
        open_only = count(conn, Clocks(), region=None, groups=groups, since=SINCE, statuses=frozenset({"open"}))
    assert everything["federations"]["by_group"] == {"park_and_market": 0, "social": 2}
    assert open_only["federations"]["by_group"] == {"park_and_market": 0, "social": 2}


def test_a_dissolution_mid_period_leaves_the_standing_set_from_its_date(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("f1", domain="chamber_of_commerce")),
        Recorded(at("2024-01-11"), founded("f2", domain="chamber_of_commerce")),
        Recorded(at("2024-03-16"), dissolved("f1", "2024-03-15")),
    ]
    models = harness.given(tmp_path, history)
    with models.connect("organisations", "activities") as conn:
        march = count(conn, Clocks(as_of=date(2024, 3, 14)), **ANY)
        april = count(conn, Clocks(as_of=date(2024, 4, 1)), **ANY)
    assert march["federations"]["by_domain"] == {"chamber_of_commerce": 2} and march["ended"]["federations"] == 0
    assert april["federations"]["by_domain"] == {"chamber_of_commerce": 1}
    assert april["federations"]["women_members"] == 20
    assert (april["ended"]["federations"], april["ever_founded"]["federations"]) == (1, 2)


def test_the_status_counts_silence_as_dormancy_over_the_period(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-11"), founded("quiet", on="2023-01-10")),
        Recorded(at("2024-01-11"), founded("busy", on="2023-01-10")),
        Recorded(at("2024-05-02"), held("a1", "busy", "2024-05-01")),
    ]
    result = counts(tmp_path, history, Clocks(as_of=date(2024, 6, 30)), since=date(2024, 1, 1))
    assert result["federations"]["by_status"] == {"dormant": 1, "open": 1}
    assert result["dormant_since"] == "2024-01-01"
