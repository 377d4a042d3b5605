"""Recording at the command line on the demo data: names for codes, every follow-up, a retraction, a link."""

from __future__ import annotations

import os
import subprocess
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.e2e.up.stack import NIANGJIA, Stack


def _run(stack: Stack, *args: str, language: str = "zh") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANGJIA_LANG": language, "COLUMNS": "250", "NIANGJIA_BASE_PORT": str(stack.ports.base)}
    return subprocess.run(
        [NIANGJIA, *args, "--data-dir", str(stack.data_dir)], capture_output=True, text=True, env=env, timeout=60
    )


def _ok(stack: Stack, *args: str, language: str = "zh") -> str:
    done = _run(stack, *args, language=language)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def _history(stack: Stack, entity: str) -> list[str]:
    answer = httpx.get(
        f"{stack.urls.projections}/audit/entities/{entity}", headers={"Authorization": f"Bearer {stack.token}"}
    )
    assert answer.status_code == 200, answer.text
    return [item["event_type"] for item in answer.json()["items"]]


@pytest.mark.e2e
def test_codes_are_given_by_their_chinese_names(demo_stack: Stack) -> None:
    out = _ok(
        demo_stack,
        "found",
        "--id", "cli-park-01",
        "--name", "湖塘镇某园区妇联",
        "--kind", "妇联",
        "--domain", "园区",
        "--level", "镇（街道）",
        "--region", "江苏省/常州市/武进区/湖塘镇",
        "--host", "某园区管委会",
        "--founded-on", "2024-05-01",
        "--women-members", "40",
    )  # fmt: skip
    assert "已登记成立：cli-park-01" in out
    answer = httpx.get(
        f"{demo_stack.urls.orgs}/federations/cli-park-01", headers={"Authorization": f"Bearer {demo_stack.token}"}
    )
    assert (answer.json()["domain"], answer.json()["level"]) == ("industrial_park", "town")


@pytest.mark.e2e
def test_an_unknown_name_is_one_line_listing_the_names_and_records_nothing(demo_stack: Stack) -> None:
    done = _run(demo_stack, "inspect", "wj-hitech", "--inspected-on", "2025-01-10", "--finding", "很好")
    assert done.returncode == 2
    assert "活跃、较弱、休眠" in done.stderr and "Traceback" not in done.stderr
    assert "FederationInspected" not in _history(demo_stack, "wj-hitech")[-1:]


@pytest.mark.e2e
def test_every_follow_up_records_its_event(demo_stack: Stack) -> None:
    assert "已登记动态跟踪" in _ok(
        demo_stack, "inspect", "wj-zhongyi", "--inspected-on", "2025-01-10", "--finding", "较弱", "--remark", "活动少"
    )
    _ok(demo_stack, "recognise", "wj-zhongyi", "--recognised-on", "2025-02-01", "--level", "市级", "--title", "示范点")
    _ok(demo_stack, "dissolve", "wj-zhongyi", "--dissolved-on", "2025-03-01", "--reason", "企业迁出")
    assert _history(demo_stack, "wj-zhongyi")[-3:] == [
        "FederationInspected",
        "FederationRecognised",
        "FederationDissolved",
    ]
    _ok(
        demo_stack,
        "recognise-home",
        "wj-mh002",
        "--recognised-on",
        "2025-02-01",
        "--level",
        "county",
        "--title",
        "最美微家",
    )
    assert "micro-home closed: wj-mh002" in _ok(
        demo_stack, "close", "wj-mh002", "--closed-on", "2025-03-01", "--reason", "merged", language="en"
    )
    assert _history(demo_stack, "wj-mh002")[-2:] == ["MicroHomeRecognised", "MicroHomeClosed"]


@pytest.mark.e2e
def test_a_retraction_says_so_and_stays_in_the_history(demo_stack: Stack) -> None:
    assert "已撤回活动：wj-deed04" in _ok(demo_stack, "retract", "wj-deed04", "--reason", "重复录入")
    assert _history(demo_stack, "wj-deed04")[-1] == "CareActivityRetracted"


@pytest.mark.e2e
def test_a_reader_gets_a_link_to_the_dashboard(demo_stack: Stack) -> None:
    out = _ok(
        demo_stack,
        "tokens",
        "create",
        "--role",
        "查看人",
        "--subject",
        "武进区妇联·李",
        "--scope",
        "江苏省/常州市/武进区",
        "--link",
    )
    link = next(line for line in out.splitlines() if line.startswith("http"))
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == demo_stack.urls.projections
    fragment = parse_qs(parts.fragment)
    assert fragment["region"] == ["江苏省/常州市/武进区"] and fragment["lang"] == ["zh"]
    answer = httpx.get(
        f"{demo_stack.urls.projections}/counts", headers={"Authorization": f"Bearer {fragment['token'][0]}"}
    )
    assert answer.status_code == 200
    assert "查看人" in out
