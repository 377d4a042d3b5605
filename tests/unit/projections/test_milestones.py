"""Milestone reports: given events -> then chambers by origin, federations founded within a window,
first leaderships elected, and the firsts of a region, on both clocks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from niangjia_contracts import FederationFounded
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations import milestones
from pydantic import ValidationError

from tests.unit.projections.harness import REGION, TOWN, Recorded, at, dissolved, founded, given

YUEQING = "浙江省/温州市/乐清市"
LATE = at("2025-06-01")
Query = Callable[[Any, Clocks], dict[str, Any]]


def reports(directory: Path, history: list[Recorded], query: Query, *clocks: Clocks) -> list[dict[str, Any]]:
    with given(directory, history).connect("organisations") as conn:
        return [query(conn, when) for when in clocks]


def chamber(fid: str, origin: str | None, on: str = "2020-01-10", region: str = YUEQING) -> FederationFounded:
    if origin is None:
        return founded(fid, domain="chamber_of_commerce", on=on, region=region, level="county")
    return founded(fid, domain="chamber_of_commerce", on=on, region=region, level="county", chamber_origin=origin)


def test_chambers_by_origin_over_the_standing_set_on_both_clocks(tmp_path: Path) -> None:
    history = [
        *(Recorded(at("2020-02-01"), chamber(f"out{i}", "outbound")) for i in range(3)),
        Recorded(at("2020-02-01"), chamber("in1", "inbound")),
        Recorded(at("2020-02-01"), chamber("old", None)),
        Recorded(at("2020-02-01"), chamber("elsewhere", "local", region=REGION)),
        Recorded(at("2020-02-01"), founded("not-a-chamber", region=YUEQING)),
        Recorded(at("2021-03-02"), dissolved("out2", "2021-03-01")),
        Recorded(LATE, chamber("in2", "inbound", on="2020-06-01")),  # recorded late
    ]
    now, before_dissolution, known_earlier, before_any = reports(
        tmp_path,
        history,
        lambda conn, when: milestones.chambers(conn, when, YUEQING, limit=10),
        Clocks(),
        Clocks(as_of=date(2021, 1, 1)),
        Clocks(known_at=at("2025-01-01")),
        Clocks(as_of=date(2019, 12, 31)),
    )
    assert now["set"] == "standing" and now["region_code"] == "330382"
    assert now["by_origin"] == {"outbound": 2, "inbound": 2, "local": 0, "not_recorded": 1}
    assert now["total"] == 5 == sum(now["by_origin"].values()) == len(now["items"])
    assert [i["federation_id"] for i in now["items"]] == ["out0", "out1", "in1", "old", "in2"]
    assert before_dissolution["by_origin"]["outbound"] == 3
    assert known_earlier["by_origin"]["inbound"] == 1 and known_earlier["total"] == 4
    assert before_any["total"] == 0 and before_any["items"] == []
    first_two, figures_alone = reports(
        tmp_path / "limited",
        history,
        lambda conn, when: {f"{n}": milestones.chambers(conn, when, YUEQING, limit=n) for n in (2, 0)},
        Clocks(),
    )[0].values()
    assert [i["federation_id"] for i in first_two["items"]] == ["out0", "out1"] and first_two["total"] == 5
    assert figures_alone["items"] == [] and figures_alone["by_origin"] == now["by_origin"]


def test_founded_within_a_window_whatever_became_of_them(tmp_path: Path) -> None:
    history = [
        Recorded(at("2021-01-02"), founded("a", on="2021-01-01", domain="emerging_industry")),
        Recorded(at("2022-05-02"), founded("b", on="2022-05-01", kind="committee")),
        Recorded(at("2023-12-31"), founded("c", on="2023-12-31", level="town")),
        Recorded(at("2024-01-02"), founded("d", on="2024-01-01")),  # after the window
        Recorded(at("2020-12-31"), founded("e", on="2020-12-31")),  # before it
        Recorded(at("2023-02-02"), dissolved("b", "2023-02-01")),
        Recorded(LATE, founded("f", on="2022-07-01", region=TOWN)),  # recorded late
    ]
    window = (date(2021, 1, 1), date(2023, 12, 31))
    now, mid_window, known_earlier = reports(
        tmp_path,
        history,
        lambda conn, when: milestones.founded(conn, when, REGION, *window),
        Clocks(),
        Clocks(as_of=date(2022, 12, 31)),
        Clocks(known_at=at("2025-01-01")),
    )
    assert (now["total"], now["standing"]) == (4, 3)
    assert now["by_year"] == {"2021": 1, "2022": 2, "2023": 1}
    assert now["by_kind"] == {"committee": 1, "federation": 3}
    assert now["by_domain"] == {"emerging_industry": 1, "non_public_enterprise": 3}
    assert sum(now["by_level"].values()) == sum(now["by_sector"].values()) == now["total"]
    assert (now["founded_from"], now["founded_to"]) == ("2021-01-01", "2023-12-31")
    assert (mid_window["founded_to"], mid_window["total"], mid_window["standing"]) == ("2022-12-31", 3, 3)
    assert known_earlier["total"] == 3


def test_first_leaderships_elected_within_a_period(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-09-13"), founded("chamber", on="2024-09-12", domain="chamber_of_commerce")),
        Recorded(at("2024-11-09"), founded("assoc", on="2024-10-01", leadership_elected_on="2024-11-08")),
        Recorded(at("2024-12-09"), founded("late", on="2024-10-01", leadership_elected_on="2024-12-08")),
        Recorded(LATE, founded("told-late", on="2024-10-02", leadership_elected_on="2024-11-20")),
    ]
    now, before_late, as_of_mid_november = reports(
        tmp_path,
        history,
        lambda conn, when: milestones.elections(conn, when, REGION, date(2024, 11, 1), date(2024, 11, 30), limit=10),
        Clocks(),
        Clocks(known_at=at("2025-01-01")),
        Clocks(as_of=date(2024, 11, 10)),
    )
    assert now["total"] == 2 and now["by_month"] == {"2024-11": 2}
    assert [(i["federation_id"], i["leadership_elected_on"]) for i in now["items"]] == [
        ("assoc", "2024-11-08"),
        ("told-late", "2024-11-20"),
    ]
    assert before_late["total"] == 1
    assert as_of_mid_november["total"] == 1 and as_of_mid_november["elected_to"] == "2024-11-10"


def test_the_first_of_each_domain_and_kind_in_a_region(tmp_path: Path) -> None:
    province = "辽宁省"
    zhenxing = "辽宁省/丹东市/振兴区"
    history = [
        Recorded(at("2017-03-02"), founded("c1", on="2017-03-01", kind="committee", region=zhenxing)),
        Recorded(
            at("2017-09-02"),
            founded("rc", on="2017-09-01", kind="committee", domain="residential_community", region=zhenxing),
        ),
        Recorded(
            at("2018-01-02"),
            founded(
                "rc2", on="2018-01-01", kind="committee", domain="residential_community", region="辽宁省/沈阳市/和平区"
            ),
        ),
        Recorded(
            at("2017-03-02"), founded("tie", on="2017-03-01", kind="committee", region=zhenxing)
        ),  # same day, after
        Recorded(at("2019-01-02"), dissolved("rc", "2019-01-01")),
        Recorded(
            LATE, founded("earlier", on="2016-05-01", kind="committee", domain="residential_community", region=zhenxing)
        ),
    ]
    models = given(tmp_path, history)
    with models.connect("organisations") as conn:
        pair = ("residential_community", "committee")
        now = milestones.firsts(conn, Clocks(), province, domain=pair[0], kind=pair[1])
        known_earlier = milestones.firsts(
            conn, Clocks(known_at=at("2025-01-01")), province, domain=pair[0], kind=pair[1]
        )
        all_pairs = milestones.firsts(conn, Clocks(known_at=at("2025-01-01")), province, domain=None, kind=None)
        before_any = milestones.firsts(conn, Clocks(as_of=date(2016, 1, 1)), province, domain=None, kind=None)
    assert [i["federation_id"] for i in now["items"]] == ["earlier"]
    assert known_earlier["items"][0]["federation_id"] == "rc" and known_earlier["items"][0]["standing"] is False
    assert [(i["domain"], i["federation_id"]) for i in all_pairs["items"]] == [
        ("non_public_enterprise", "c1"),
        ("residential_community", "rc"),
    ]
    assert all_pairs["total"] == 2 and before_any["items"] == []


def test_only_a_chamber_has_an_origin() -> None:
    with pytest.raises(ValidationError, match="chamber_origin is only for the chamber_of_commerce domain"):
        founded("x", chamber_origin="outbound")
    assert chamber("y", "local").chamber_origin == "local"
