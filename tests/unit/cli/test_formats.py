"""The command line writes money, shares and times as the dashboard does: the same inputs, the same text."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from niangjia.cli.formats import instant, money, percent

FORMAT_JS = (
    Path(__file__).resolve().parents[3] / "services/projections/src/niangjia_projections/dashboard/static/format.js"
)
AMOUNTS = ["0.00", "820.00", "8200.00", "9999.99", "10000.00", "199800.00", "123456789.12", "1234.5", "15", "100049.99"]
SHARES = ["0", "0.0755", "0.0754", "0.00049", "0.5", "1", "0.12345"]
TIMES = ["2024-06-14T01:30:00+00:00", "2026-12-03T16:05:09Z", "2024-01-01T00:00:00+08:00"]


def test_money_as_chinese_reports_write_it() -> None:
    assert money("199800.00", "zh") == "19.98万元"
    assert money("8200.00", "zh") == "8,200元"
    assert money("10000", "zh") == "1万元"
    assert money("199800.00", "en") == "¥199,800"
    assert money(None, "zh") == "–"


def test_shares_as_per_cents_half_up() -> None:
    assert percent("0.0755") == "7.6%"
    assert percent("0.0754") == "7.5%"
    assert percent("1") == "100.0%"


def test_times_in_china_time_with_the_zone() -> None:
    assert instant("2024-06-14T01:30:00+00:00", "zh") == "2024-06-14 09:30:00（北京时间）"
    assert instant("2024-06-14T01:30:00Z", "en") == "2024-06-14 09:30:00 China time (UTC+8)"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: the dashboard's format.js cannot run")
def test_the_dashboard_writes_the_same() -> None:
    script = (
        "global.window = {};\n"
        f"{FORMAT_JS.read_text(encoding='utf-8')}\n"
        "const F = window.NJ_FMT;\n"
        f"const amounts = {json.dumps(AMOUNTS)}, shares = {json.dumps(SHARES)}, times = {json.dumps(TIMES)};\n"
        "console.log(JSON.stringify({\n"
        "  zh: amounts.map((a) => F.money(a, 'zh')), en: amounts.map((a) => F.money(a, 'en')),\n"
        "  pct: shares.map((s) => F.percent(s)),\n"
        "  tzh: times.map((t) => F.time(t, 'zh')), ten: times.map((t) => F.time(t, 'en')),\n"
        "}));\n"
    )
    node = shutil.which("node")
    assert node is not None
    out = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    assert out["zh"] == [money(a, "zh") for a in AMOUNTS]
    assert out["en"] == [money(a, "en") for a in AMOUNTS]
    assert out["pct"] == [percent(s) for s in SHARES]
    assert out["tzh"] == [instant(t, "zh") for t in TIMES]
    assert out["ten"] == [instant(t, "en") for t in TIMES]
