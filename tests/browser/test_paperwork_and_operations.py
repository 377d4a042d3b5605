"""Exports, find by name and the operator's page in Debian's chromium, in Chinese and English, at
desktop (1400 px) and phone (390 px) width: the workbooks downloaded and read back (stamp, names,
the signed receipt of the same bytes), a reporter who finds and exports her county only, the
operator's page for the admin, the stream browser for auditors. Screenshots go to build/browser/."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import WUJIN, Tokens
from tests.browser.page import Watched, browser_page
from tests.e2e.up.stack import NIANGJIA, Stack

pytestmark = pytest.mark.browser

YONGCHUAN = "重庆市/永川区"
CASES = [(1400, "zh-CN"), (390, "en-GB")]


class Shown(NamedTuple):
    """The width and locale the dashboard is shown at, and the language its link asks for."""

    width: int
    locale: str
    lang: str


@pytest.fixture(params=CASES, ids=[f"{width}-{locale}" for width, locale in CASES])
def shown(request: pytest.FixtureRequest) -> Shown:
    width, locale = request.param
    return Shown(width, locale, locale[:2])


def _link(stack: Stack, token: str, **extra: str) -> str:
    fragment = "&".join([f"token={token}", *(f"{k}={quote(v)}" for k, v in extra.items())])
    return f"{stack.urls.projections}/#{fragment}"


@contextmanager
def _dashboard(stack: Stack, token: str, width: int, locale: str = "zh-CN", **extra: str) -> Iterator[Watched]:
    """The dashboard opened with `token` (and `extra` in the link), once it is ready."""
    with browser_page(width, locale) as view:
        view.page.goto(_link(stack, token, **extra))
        view.ready()
        yield view


def _only_the_service(view: Watched, stack: Stack) -> None:
    # a saved file is a blob: URL of the page itself (no host); nothing goes anywhere else
    assert view.hosts - {""} == {urlsplit(stack.urls.projections).netloc}


def _download(view: Watched, selector: str, count: int = 1) -> list[tuple[str, bytes]]:
    page = view.page
    saved: list[Any] = []

    def keep(download: Any) -> None:
        saved.append(download)

    page.evaluate("document.querySelectorAll('.export-note').forEach(n => delete n.dataset.position)")
    page.on("download", keep)
    page.click(selector)
    page.locator(".export-note[data-position]").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    page.remove_listener("download", keep)
    assert len(saved) == count, [d.suggested_filename for d in saved]
    return [(d.suggested_filename, Path(d.path()).read_bytes()) for d in saved]


def _sheet_text(body: bytes) -> tuple[list[list[Any]], str]:
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    return rows, "\n".join(" ".join("" if v is None else str(v) for v in row) for row in rows)


def test_each_card_exports_its_report_with_a_receipt(dashboard_stack: Stack, tokens: Tokens, shown: Shown) -> None:
    width, locale, lang = shown
    with _dashboard(dashboard_stack, tokens.admin, width, locale, region=YONGCHUAN, lang=lang) as view:
        page = view.page
        assert page.locator("[data-export]").count() >= 5  # counts, campaigns, tree, dormant, audit
        [(name, body)] = _download(view, "[data-export=chart-campaign]")
        assert name == "campaigns-2024.xlsx"
        rows, text = _sheet_text(body)
        stamp = {row[0]: row[1] for row in rows[1:6]}
        position = int(page.get_attribute("[data-export=chart-campaign] ~ .export-note", "data-position") or 0)
        assert position > 0
        if lang == "zh":
            assert rows[0][0] == "四季关爱行动年度报表"
            assert stamp["地区"] == YONGCHUAN and stamp["日志位置（X-Log-Position）"] == position
            assert "春送温暖" in text and "spring_warmth" not in text
        else:
            assert rows[0][0] == "Seasonal care campaigns: the year"
            assert stamp["Region"] == YONGCHUAN and stamp["Log position (X-Log-Position)"] == position
            assert "spring: warmth" in text
        view.shot(f"{lang}-{width}-exports")

        files = dict(_download(view, "[data-export-receipt=chart-domain]", count=2))
        receipt = json.loads(files["counts.xlsx.receipt.json"])
        assert receipt["body_sha256"] == hashlib.sha256(files["counts.xlsx"]).hexdigest()
        assert receipt["path"] == "/exports/counts.xlsx" and receipt["position"] > 0
        assert base64.b64decode(receipt["signature"])  # signed by the ledger's key
        assert view.overflow() == 0
        assert view.errors == []
        _only_the_service(view, dashboard_stack)


def test_a_reporter_finds_and_exports_her_county_only(dashboard_stack: Stack, tokens: Tokens) -> None:
    with _dashboard(dashboard_stack, tokens.wujin_reporter, 390) as view:
        page = view.page
        page.fill("#find-name", "妇联")
        page.click("#find-form button")
        page.locator("#find-results li").first.wait_for(timeout=30_000)
        found = page.inner_text("#find-results")
        assert "永川" not in found and "武进区" in found
        [(_, body)] = _download(view, "[data-export=chart-domain]")
        rows, text = _sheet_text(body)
        assert rows[1][1] == WUJIN and "永川" not in text
        assert page.locator("#operator-open").is_hidden()  # a reporter has no operator's page
        assert view.overflow() == 0
        view.shot("zh-390-reporter-find")
        _only_the_service(view, dashboard_stack)


def test_find_by_name_opens_the_timeline_and_the_tree(dashboard_stack: Stack, tokens: Tokens, shown: Shown) -> None:
    width, locale, lang = shown
    with _dashboard(dashboard_stack, tokens.admin, width, locale, region=WUJIN, lang=lang) as view:
        page = view.page
        page.fill("#find-name", "湖塘科技")
        page.click("#find-form button")
        page.locator("#find-results li").first.wait_for(timeout=30_000)
        assert page.locator("#find-results li").count() == 2
        assert ("共 2 个" if lang == "zh" else ": 2") in page.inner_text("#find-results")
        page.click("#find-results li[data-id=wj-park04] a >> nth=1")  # its tree
        page.locator("#tree strong", has_text="湖塘科技产业园妇联").first.wait_for(timeout=30_000)
        page.click("#find-results li[data-id=wj-park04] a >> nth=0")  # its timeline
        page.locator("#audit li.FederationFounded").wait_for(timeout=30_000)
        assert "湖塘科技产业园妇联" in page.inner_text("#audit")
        assert view.overflow() == 0
        page.locator("#find").scroll_into_view_if_needed()
        view.shot(f"{lang}-{width}-find")
        assert view.errors == []
        _only_the_service(view, dashboard_stack)


def test_the_operator_page(dashboard_stack: Stack, tokens: Tokens, shown: Shown) -> None:
    width, locale, lang = shown
    with _dashboard(dashboard_stack, tokens.admin, width, locale, lang=lang) as view:
        page = view.page
        page.locator("#operator-open").wait_for(state="visible", timeout=30_000)
        page.click("#operator-open")
        page.locator("body[data-page=operator-ready]").wait_for(state="attached", timeout=30_000)
        assert page.locator("#main").is_hidden()
        for service in ("orgs", "activities", "projections", "relay"):
            row = page.inner_text(f"#op-services tr[data-service={service}]")
            name = row.split("\t")[0]  # its name, and its code beside it once: 报表服务（projections）
            assert ("正常" if lang == "zh" else "ok") in row and sum(map(name.count, "(（")) <= 1, row
        for model in ("organisations", "activities", "audit", "members"):
            cells = page.eval_on_selector_all(
                f"#op-projections tr[data-projection={model}] td", "cells => cells.map(c => c.innerText)"
            )
            assert cells[2] == cells[3] and cells[4] == "0"  # caught up: checkpoint = store position, no lag
        ledger = page.inner_text("#op-relay tr[data-key='ledger.stream']")  # the checkpoints' own stream
        assert "NIANGJIA_LEDGER" in ledger and ("检查点流" in ledger if lang == "zh" else "ledger.stream" in ledger)
        assert page.inner_text("#op-relay tr[data-key='ledger.last_error'] td:last-child").strip() in ("", "–", "None")
        yes, ok, root = (
            ("是", "正常", "树根哈希（root_hash）") if lang == "zh" else ("yes", "ok", "root hash (root_hash)")
        )
        relay = {
            k: page.inner_text(f"#op-relay tr[data-key='{k}'] td:last-child") for k in ("nats_connected", "status")
        }
        assert (
            relay == {"nats_connected": yes, "status": ok}
            and page.inner_text("#op-checkpoint dt[data-key=root_hash]") == root
        )
        page.fill("#op-prefix", "care_activity-yc-a07")
        page.click("#op-form button")
        page.locator("#op-stream-list tr[data-stream='care_activity-yc-a07']").wait_for(timeout=30_000)
        assert page.locator("#op-stream-list tbody tr").count() == 1
        page.click("#op-stream-list a")
        page.locator("#op-events li[data-version='1']").wait_for(timeout=30_000)
        page.click("#op-events li[data-version='1'] summary")
        envelope = page.inner_text("#op-events li[data-version='1'] pre")
        assert '"event_type": "CareActivityCorrected"' in envelope and '"correlation_id"' in envelope
        right = "Math.max(...[...document.querySelectorAll('#op-relay td')].map(c => c.getBoundingClientRect().right))"
        assert view.overflow() == 0 and page.evaluate(right) <= width  # every figure of the relay in sight
        view.shot(f"{lang}-{width}-operator")
        page.click("#operator-back")
        assert page.locator("#main").is_visible()
        assert view.errors == []
        _only_the_service(view, dashboard_stack)


def test_an_auditor_browses_streams_without_the_services_status(dashboard_stack: Stack, tokens: Tokens) -> None:
    with _dashboard(dashboard_stack, tokens.auditor, 1400) as view:
        page = view.page
        page.locator("#operator-open").wait_for(state="visible", timeout=30_000)
        page.click("#operator-open")
        page.locator("body[data-page=operator-ready]").wait_for(state="attached", timeout=30_000)
        assert "管理员" in page.inner_text("#op-status")
        page.select_option("#op-type", "FederationDissolved")
        page.click("#op-form button")
        for _ in range(100):
            if page.locator("#op-stream-list tbody tr").count() == 1:
                break
            page.wait_for_timeout(200)
        assert page.inner_text("#op-stream-list tbody tr").startswith("federation-")
        view.shot("zh-1400-auditor-streams")
        _only_the_service(view, dashboard_stack)


def _niangjia(stack: Stack, *args: str, lang: str = "zh") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANGJIA_BASE_PORT": str(stack.ports.base), "NIANGJIA_LANG": lang, "COLUMNS": "200"}
    return subprocess.run(
        [NIANGJIA, "--lang", lang, *args, "--data-dir", str(stack.data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_cli_finds_by_name_within_the_token_region(dashboard_stack: Stack, tokens: Tokens) -> None:
    found = _niangjia(dashboard_stack, "find", "湖塘")
    assert found.returncode == 0, found.stderr
    assert "名称含“湖塘”的组织：共 4 个" in found.stdout and "湖塘纺织城妇联" in found.stdout
    assert "妇女微家" in found.stdout and "micro_home" not in found.stdout and "federation" not in found.stdout
    homes = _niangjia(dashboard_stack, "find", "湖塘", "--type", "妇女微家", "--json")
    assert {item["org_type"] for item in json.loads(homes.stdout)["items"]} == {"micro_home"}
    english = _niangjia(dashboard_stack, "find", "湖塘", "--limit", "2", lang="en")
    assert "contains “湖塘”: 4" in english.stdout and "micro-home" in english.stdout
    assert "niangjia find 湖塘 --limit 2 --after" in english.stdout  # the next page, as asked
    mine = _niangjia(dashboard_stack, "find", "妇联", "--json", "--limit", "500", "--token", tokens.wujin_reporter)
    items = json.loads(mine.stdout)["items"]
    assert items and all(item["region"].startswith(WUJIN) for item in items)
    for bad in (
        ("find", "  "),
        ("find", "x", "--type", "person"),
        ("find", "晓燕", "--type", "执委", "--token", tokens.wujin_reporter),  # a reporter sees no name
        ("find", "x", "--region", "重庆市", "--token", tokens.wujin_reporter),
    ):
        refused = _niangjia(dashboard_stack, *bad)
        assert refused.returncode != 0, bad
        assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1, refused.stderr


def test_a_link_may_set_the_business_date(dashboard_stack: Stack, tokens: Tokens) -> None:
    # the figures as they stood on a day, sent as a link: the business date comes in the link
    with _dashboard(dashboard_stack, tokens.admin, 1400, region=YONGCHUAN, as_of="2024-08-31") as view:
        page = view.page
        assert page.input_value("#as-of") == "2024-08-31"
        assert page.inner_text("#clock-note") == "当前：截至 2024-08-31，按系统现在已知的记录。"  # not "按 现在 时"
        assert view.chart("campaign")["series"][0]["data"] == [5, 6, 2, 0]  # Q3 under way, Q4 not begun, on 31 August
        assert view.errors == []


def test_the_english_page_has_no_chinese_punctuation_and_counts_in_the_singular_too(
    dashboard_stack: Stack, tokens: Tokens
) -> None:
    with _dashboard(dashboard_stack, tokens.admin, 1400, "en-GB", lang="en") as view:
        text = view.page.inner_text("main")
        assert [mark for mark in "：，（）。、；" if mark in text] == [], text
        view.page.locator("#tree p.muted").wait_for(timeout=30_000)
        assert "guides 54 organisations and 1 micro-home directly" in view.page.inner_text("#tree")


def test_a_stopped_projection_says_where_and_why(dashboard_stack: Stack, tokens: Tokens) -> None:
    stopped = {"position": 41, "event_id": None, "event_type": "CareActivityHeld", "code": "event_corrupted"}

    def failing(route: Any) -> None:  # the service's own answer, its first model stopped at 41
        status = route.fetch().json()
        status["projections"][0].update(status="failed", failure={**stopped, "message": "checksum mismatch"})
        route.fulfill(json=status)

    with browser_page(1400, "zh-CN") as view:
        view.page.route("**/operator/status", failing)
        view.page.goto(_link(dashboard_stack, tokens.admin))
        view.ready()
        view.page.click("#operator-open")
        view.page.locator("#op-projections tbody tr").first.wait_for(timeout=30_000)
        shown = view.page.inner_text("#op-projections tbody tr:first-child td:last-child")
        assert shown == "位置 41 · CareActivityHeld · event_corrupted：checksum mismatch"
