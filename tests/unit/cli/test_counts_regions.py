"""`niangjia counts` asks `/counts` for the regions one level below (`--region-depth`, default 1),
not every depth of the country, and lists them in its tables by their path below the region."""

from __future__ import annotations

from typing import Any

import pytest

from niangjia.cli import common
from tests.support.cli import FakeApi, run_cli

WUJIN = "江苏省/常州市/武进区"


def answer(path: str, query: dict[str, Any]) -> dict[str, Any]:
    part = {
        "total": 3,
        "by_level": {"town": 3},
        "by_group": {"park_and_market": 2},
        "by_setting": {"none": 3},
        "by_region": {WUJIN: 3, f"{WUJIN}/湖塘镇": 2, f"{WUJIN}/牛塘镇": 1},
    }
    return {
        "federations": part,
        "micro_homes": {**part, "total": 3},
        "ended": {"federations": 0, "micro_homes": 0},
        "ever_founded": {"federations": 3, "micro_homes": 3},
    }


@pytest.mark.parametrize(("args", "depth"), [([], 1), (["--region-depth", "2"], 2), (["--region-depth", "0"], 0)])
def test_by_region_is_asked_as_deep_as_given_and_listed_below_the_region(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str], depth: int
) -> None:
    fake = FakeApi(answer)
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(
        capsys, ["--lang", "zh", "counts", "--region", WUJIN, *args, "--data-dir", "/nonexistent-niangjia"]
    )
    assert code == 0, out + err
    assert fake.asked == [("/counts", {"region": WUJIN, "region_depth": depth})]
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert "湖塘镇" in out and "牛塘镇" in out and not [row for row in rows if WUJIN in row]  # the region: its title
    assert "镇（街道）" in out and "园区市场" in out  # the level and the group by their names
    assert "none" not in out and "场所" not in out  # a dimension with nothing recorded is left out


def test_a_depth_out_of_range_is_refused_before_anything_is_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeApi(answer)
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    code, _, _ = run_cli(capsys, ["counts", "--region-depth", "11", "--data-dir", "/nonexistent-niangjia"])
    assert code == 2 and fake.asked == []


@pytest.mark.parametrize(
    ("lang", "region", "titles"),
    [
        ("zh", WUJIN, [f"妇联组织 · 组织统计 · {WUJIN}", f"妇女微家 · 组织统计 · {WUJIN}"]),
        ("en", WUJIN, [f"Federations · counts · {WUJIN}", f"Micro-homes · counts · {WUJIN}"]),
        ("en", None, ["Federations · counts · all regions", "Micro-homes · counts · all regions"]),
    ],
)
def test_each_table_is_titled_by_what_it_counts_and_where(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    region: str | None,
    titles: list[str],
) -> None:
    monkeypatch.setattr(common, "api", lambda token, data_dir: FakeApi(answer))
    monkeypatch.setenv("COLUMNS", "200")
    where = ["--region", region] if region else []
    code, out, err = run_cli(capsys, ["--lang", lang, "counts", *where, "--data-dir", "/nonexistent-niangjia"])
    assert code == 0, out + err
    shown: list[str] = []
    lines: list[str] = []
    for line in out.splitlines():  # a title sits above its table's top border, wrapped to its width
        if line.startswith("┏"):
            shown.append(" ".join(lines))
        lines = [] if line.startswith(("┏", "│", "┃", "┡", "└")) else [*lines, line.strip()]
    assert shown == titles


def test_the_regions_rows_add_up_to_the_total_with_what_the_region_holds_itself(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rolled_up = {WUJIN: 10, f"{WUJIN}/湖塘镇": 6, f"{WUJIN}/湖塘镇/某社区": 2, f"{WUJIN}/牛塘镇": 1}
    fake = FakeApi(lambda path, query: {**answer(path, query), "federations": {"total": 10, "by_region": rolled_up}})
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(
        capsys, ["--lang", "zh", "counts", "--region", WUJIN, "--region-depth", "2", "--data-dir", "/x"]
    )
    assert code == 0, out + err
    federations = out.split("妇女微家 ·")[0]
    rows = [
        [cell.strip() for cell in line.split("│")[1:-1]] for line in federations.splitlines() if line.startswith("│")
    ]
    assert [row[1:] for row in rows if row[0] == "地区"] == [
        ["武进区（本级）", "3"],  # 10 in all, less the 6 and the 1 of the towns just below
        ["湖塘镇", "6"],
        ["湖塘镇/某社区", "2"],
        ["牛塘镇", "1"],
    ]


def test_the_members_are_counted_by_the_regions_just_below_as_the_organisations_are(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = {
        "members": 5,
        "by_role": {"chair": 5},
        "by_level": {"town": 5},
        "by_region": {WUJIN: 1, f"{WUJIN}/湖塘镇": 4},  # each member under one region: the county's own is hers
        "by_community_role": {},
        "projects": {"projects": 0, "completed": 0, "service_areas": 0, "by_service_area": {}},
    }
    fake = FakeApi(lambda path, query: report)
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["--lang", "en", "members", "--region", WUJIN, "--data-dir", "/x"])
    assert code == 0, out + err
    assert fake.asked[0] == ("/members/report", {"region": WUJIN, "region_depth": 1})
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    assert [row[1:] for row in rows if row[0] == "region"] == [["武进区 itself", "1"], ["湖塘镇", "4"]]
    assert f"Executive members · {WUJIN}" in " ".join(out.split())  # the title, wrapped to the table


@pytest.mark.parametrize(("region", "scope"), [(WUJIN, WUJIN), (None, "全部地区")])
def test_a_campaign_table_names_its_scope(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, region: str | None, scope: str
) -> None:
    figures = {"activities": 1, "people_served": 3, "volunteers": 0, "goods_value_yuan": "0.00"}
    quarter = {**figures, "quarter": 3, "theme": "autumn_health", "organisers": 1, "effective_coverage": {"share": 0}}
    fake = FakeApi(lambda path, query: {**quarter, "year": 2024})
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    where = ["--region", region] if region else []
    code, out, err = run_cli(capsys, ["campaign", "2024", "Q3", *where, "--data-dir", "/x"])
    assert code == 0, out + err
    assert f"2024 年第 3 季度关爱行动 · {scope}" in " ".join(out.split())


def test_a_campaign_year_sums_its_rows_and_says_why_the_organisers_do_not_add_up(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def row(activities: int, organisers: int) -> dict[str, object]:
        figures = {"activities": activities, "people_served": 3, "volunteers": 0, "goods_value_yuan": "0.00"}
        return {**figures, "organisers": organisers, "effective_coverage": {"share": 0.5}}

    themes = ["spring_warmth", "summer_cooling", "autumn_health", "winter_skills"]
    year = {
        "year": 2024,
        "quarters": [{**row(1, 1), "quarter": q + 1, "theme": theme} for q, theme in enumerate(themes)],
        "outside_campaigns": row(2, 1),
        "total": {"activities": 6, "people_served": 15, "volunteers": 0, "goods_value_yuan": "0.00"},
    }
    monkeypatch.setattr(common, "api", lambda token, data_dir: FakeApi(lambda path, query: year))
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["--lang", "en", "campaign", "2024", "--data-dir", "/x"])
    assert code == 0, out + err
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    assert rows[-1][0] == "year" and rows[-1][2] == "6" and rows[-1][-2:] == ["–", "–"]
    assert "they do not add up" in " ".join(out.split())  # the caption says why


def test_a_page_of_dormant_organisations_says_how_to_read_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    row = {"org_id": "f1", "name": "某妇联", "region": WUJIN, "opened_on": "2021-03-08", "dormant_by": "silence"}
    page = {"total": 3, "by_reason": {"silence": 3}, "count": 1, "items": [row], "next_after": 41}
    fake = FakeApi(lambda path, query: page)
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["--lang", "en", "dormant", "--after", "7", "--data-dir", "/x"])
    assert code == 0, out + err
    assert fake.asked[0][1]["after"] == 7
    cells = next([c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if "f1" in line)
    assert cells[2:3] == ["no activity or inspection"] and cells[-2:] == ["–", "–"]  # why, then the dates
    assert "1 of 3 shown; for the next page add --after 41" in " ".join(out.split())
