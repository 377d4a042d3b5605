"""The demo's table of the reports' figures shows names and quarters, not codes and Python values."""

from __future__ import annotations

import pytest
from rich.console import Console

from niangjia.demo.figures import Figure
from niangjia.demo.run import figures_table, shown
from niangjia.i18n import set_language


@pytest.mark.parametrize(
    ("value", "en", "expected"),
    [
        (["county", "town", "village", "grid"], False, "县（市、区）、镇（街道）、村（社区）、网格（楼栋）"),
        (["county", "town", "village", "grid"], True, "county, town, village, grid"),
        ({2: 6, 1: 5, 3: 5, 4: 6}, False, "一季度 5，二季度 6，三季度 5，四季度 6"),
        ({2: 6, 1: 5, 3: 5, 4: 6}, True, "Q1 5, Q2 6, Q3 5, Q4 6"),
        (162, False, "162"),
        ("浙江省/温州市/乐清市", True, "浙江省/温州市/乐清市"),
    ],
)
def test_a_figure_is_shown_as_a_reader_reads_it(value: object, en: bool, expected: str) -> None:
    assert shown(value, en) == expected


def test_the_table_prints_no_code_or_python_value() -> None:
    set_language("zh")
    figures = [
        Figure("扬中市", ("组织层级", "levels"), ["county", "town"], ["county", "town"]),
        Figure("永川区", ("各季度活动", "per quarter"), {1: 5, 2: 6}, {1: 5, 2: 7}),
    ]
    console = Console(width=200, record=True)
    console.print(figures_table(figures))
    text = console.export_text()
    assert "县（市、区）、镇（街道）" in text and "二季度 7" in text
    assert "county" not in text and "{" not in text and "[" not in text
