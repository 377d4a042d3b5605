"""The quarterly care campaign report: corrections, retractions, late entries, both clocks, coverage."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from niangjia_projections.models.activities.campaigns import quarter_report, year_report
from niangjia_projections.models.common import Clocks, ReadModels

from tests.unit.projections.harness import (
    Recorded,
    at,
    corrected,
    dissolved,
    founded,
    given,
    held,
    opened,
    retracted,
)

ORGS = [
    Recorded(at("2024-01-02"), founded("f1", on="2024-01-01")),
    Recorded(at("2024-01-02"), founded("f2", on="2024-01-01")),
    Recorded(at("2024-01-02"), founded("f3", on="2024-01-01")),
    Recorded(at("2024-01-02"), founded("f4", on="2024-01-01")),
    Recorded(at("2024-01-03"), opened("m1", "f1", on="2024-01-02")),
]

NOW = Clocks()


def q(models: ReadModels, quarter: int, clocks: Clocks = NOW, region: str | None = None) -> dict[str, Any]:
    with models.connect("activities", "organisations") as conn:
        return quarter_report(conn, clocks, 2024, quarter, region)


def test_a_quarter_sums_its_campaign_activities_exactly(tmp_path: Path) -> None:
    models = given(
        tmp_path,
        [
            *ORGS,
            Recorded(at("2024-02-02"), held("a1", "f1", "2024-02-01", people=30, volunteers=5, goods="1000.10")),
            Recorded(
                at("2024-02-03"),
                held("a2", "m1", "2024-02-02", people=20, volunteers=3, goods="0.20", kind="micro_home"),
            ),
            Recorded(at("2024-02-04"), held("a3", "f2", "2024-02-03", campaign=False)),
            Recorded(at("2024-05-04"), held("a4", "f3", "2024-05-03")),
        ],
    )
    report = q(models, 1)
    assert report["theme"] == "spring_warmth"
    assert report["activities"] == 2
    assert report["people_served"] == 50
    assert report["volunteers"] == 8
    assert report["goods_value_yuan"] == "1000.30"
    assert report["organisers"] == 2
    assert report["organisers_by_kind"] == {"federation": 1, "micro_home": 1}
    # organisers and coverage over the same activities: a3 (outside any campaign) counts in neither
    assert report["effective_coverage"] == {"federations_open": 4, "federations_active": 1, "share": "0.2500"}
    assert q(models, 2)["theme"] == "summer_cooling"
    assert q(models, 2)["activities"] == 1


def test_corrections_and_retractions_apply_and_the_known_at_clock_shows_the_record_before_them(tmp_path: Path) -> None:
    models = given(
        tmp_path,
        [
            *ORGS,
            Recorded(at("2024-02-02"), held("a1", "f1", "2024-02-01", people=30, goods="500.00")),
            Recorded(at("2024-02-02"), held("a2", "f2", "2024-02-01", people=40, goods="600.00")),
            Recorded(at("2024-04-10"), corrected("a1", "f1", "2024-02-01", people=35, goods="550.00")),
            Recorded(at("2024-04-11"), retracted("a2")),
        ],
    )
    now = q(models, 1)
    assert (now["activities"], now["people_served"], now["goods_value_yuan"]) == (1, 35, "550.00")
    assert now["effective_coverage"]["federations_active"] == 1
    on_april_1 = q(models, 1, Clocks(known_at=at("2024-04-01")))
    assert (on_april_1["activities"], on_april_1["people_served"], on_april_1["goods_value_yuan"]) == (
        2,
        70,
        "1100.00",
    )


def test_a_correction_that_moves_the_date_moves_the_activity_to_its_new_quarter(tmp_path: Path) -> None:
    models = given(
        tmp_path,
        [
            *ORGS,
            Recorded(at("2024-03-02"), held("a1", "f1", "2024-03-01")),
            Recorded(at("2024-04-10"), corrected("a1", "f1", "2024-04-02", fields=("held_on", "campaign"))),
        ],
    )
    assert q(models, 1)["activities"] == 0
    assert q(models, 2)["activities"] == 1
    assert q(models, 1, Clocks(known_at=at("2024-04-01")))["activities"] == 1


def test_a_late_entry_is_in_q1_known_today_and_absent_known_on_april_1(tmp_path: Path) -> None:
    models = given(
        tmp_path,
        [*ORGS, Recorded(at("2024-05-20"), held("late", "f1", "2024-03-15", goods="199800.00"))],
    )
    assert q(models, 1)["goods_value_yuan"] == "199800.00"
    assert q(models, 1, Clocks(known_at=at("2024-04-01")))["goods_value_yuan"] == "0.00"
    assert q(models, 1, Clocks(as_of=date(2024, 3, 1)))["activities"] == 0
    assert q(models, 1, Clocks(as_of=date(2024, 3, 31), known_at=at("2024-06-01")))["activities"] == 1


def test_coverage_counts_federations_open_in_the_quarter(tmp_path: Path) -> None:
    models = given(
        tmp_path,
        [
            *ORGS,
            Recorded(at("2024-01-05"), dissolved("f4", "2024-01-04")),
            Recorded(at("2024-05-05"), founded("f5", on="2024-05-01")),
            Recorded(at("2024-05-06"), held("a1", "f5", "2024-05-02")),
        ],
    )
    assert q(models, 1)["effective_coverage"] == {"federations_open": 4, "federations_active": 0, "share": "0.0000"}
    assert q(models, 2)["effective_coverage"] == {"federations_open": 4, "federations_active": 1, "share": "0.2500"}


def test_the_year_report_has_four_quarters_and_a_total(tmp_path: Path) -> None:
    history = [*ORGS]
    for n, day in enumerate(["2024-01-10", "2024-04-10", "2024-07-10", "2024-10-10"]):
        history.append(Recorded(at(day), held(f"a{n}", "f1", day, goods="49950.00")))
    models = given(tmp_path, history)
    with models.connect("activities", "organisations") as conn:
        report = year_report(conn, Clocks(), 2024, None)
    assert [x["theme"] for x in report["quarters"]] == [
        "spring_warmth",
        "summer_cooling",
        "autumn_health",
        "winter_skills",
    ]
    assert report["total"]["activities"] == 4
    assert report["total"]["goods_value_yuan"] == "199800.00"


def test_activities_outside_campaigns_are_a_row_of_their_own_and_the_total_sums_the_rows(tmp_path: Path) -> None:
    history = [
        *ORGS,
        Recorded(at("2024-02-02"), held("a1", "f1", "2024-02-01", people=30, volunteers=5, goods="1000.10")),
        Recorded(
            at("2024-03-02"), held("a2", "f2", "2024-03-01", people=7, volunteers=1, goods="5.00", campaign=False)
        ),
        Recorded(
            at("2024-09-02"), held("a3", "f3", "2024-09-01", people=4, volunteers=2, goods="1.00", campaign=False)
        ),
    ]
    models = given(tmp_path, history)
    with models.connect("activities", "organisations") as conn:
        report = year_report(conn, Clocks(), 2024, None)
    outside = report["outside_campaigns"]
    assert (outside["activities"], outside["people_served"], outside["volunteers"]) == (2, 11, 3)
    assert outside["goods_value_yuan"] == "6.00" and outside["organisers"] == 2
    assert outside["effective_coverage"]["federations_active"] == 2
    assert report["in_campaigns"] == {
        "activities": 1,
        "people_served": 30,
        "volunteers": 5,
        "goods_value_yuan": "1000.10",
    }
    assert report["total"] == {"activities": 3, "people_served": 41, "volunteers": 8, "goods_value_yuan": "1006.10"}
