"""The dashboard in Debian's chromium, in Chinese and English, at desktop (1400 px) and phone (390 px)
width: the reports' figures, a reporter who sees her county only, errors that show, nothing loaded
from or sent to any host but the service. Screenshots go to build/browser/."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import pytest
from typer.testing import CliRunner

from niangjia.cli import build_app as cli_app
from tests.browser.conftest import DESK_ZH_PHONE_EN, WUJIN, Tokens
from tests.browser.page import BUILD, browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser

YONGCHUAN = "重庆市/永川区"
RAW_CODES = ("non_public_enterprise", "new_economic", "spring_warmth", "autumn_health", "CareActivity", "county")


def _link(stack: Stack, token: str, **extra: str) -> str:
    fragment = "&".join([f"token={token}", *(f"{k}={quote(v)}" for k, v in extra.items())])
    return f"{stack.urls.projections}/#{fragment}"


def test_the_figures_in_chinese_at_desktop_width(dashboard_stack: Stack, tokens: Tokens) -> None:
    with browser_page(1400) as view:
        page = view.page
        page.goto(_link(dashboard_stack, tokens.admin))
        view.ready()
        assert page.evaluate("location.hash") == ""  # the token left the address bar
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert page.inner_text("#places .chip.active") == "全部地区"
        coverage = view.chart("coverage")  # a dissolution goes below zero; the standing line starts at zero
        assert min(coverage["series"][1]["data"]) < 0 and coverage["zerosAligned"] is True

        page.select_option("#region", WUJIN)
        view.ready()
        assert page.inner_text("#places .chip.active") == "武进区"
        assert page.inner_text("#kpi-federations") == "162"
        assert page.inner_text("#kpi-micro-homes") == "160"
        domains = view.chart("domain")
        by_domain = dict(zip(domains["categories"], domains["series"][0]["data"], strict=True))
        assert by_domain["非公企业"] == 92
        assert by_domain["新兴行业"] == 16
        coverage = view.chart("coverage")
        assert len(coverage["yAxes"]) == 2 and all(coverage["yAxes"])  # two axes, both titled
        assert coverage["series"][2]["data"][-1] == 162  # cumulative standing federations
        assert "中以常州创新园妇联" in page.inner_text("#tree")
        # the tree lists what the federation guides and hosts; a level further opens on demand
        assert "理想汽车融情妇女微家" not in page.inner_text("#tree")
        more = page.locator("#tree button.more[data-id=wj-hx07]")
        assert more.inner_text() == "展开下级 6 个"
        page.locator("#tree").screenshot(path=str(BUILD / "zh-1400-tree.png"))
        more.click()
        page.locator("#tree strong", has_text="理想汽车融情妇女微家").wait_for(timeout=30_000)
        assert page.locator("#tree button.more[data-id=wj-hx07]").count() == 0
        assert page.input_value("#campaign-year") == "2023"  # 武进's latest year with activities
        # one dormancy on the page: the KPI counts what the dormant card lists, over the same period
        assert page.inner_text("#dormant-table caption").startswith(f"共 {page.inner_text('#kpi-dormant')} 个：")
        assert page.input_value("#dormant-since") in page.inner_text("#kpi-dormant-since")
        assert "29" in page.inner_text("#campaign-table")  # all outside the four campaigns

        page.select_option("#region", YONGCHUAN)
        view.ready()
        assert page.input_value("#campaign-year") == "2024"
        campaign = view.chart("campaign")
        assert campaign["series"][0]["data"] == [5, 6, 5, 6]
        assert len(campaign["yAxes"]) == 2 and all(campaign["yAxes"])
        assert campaign["categories"][0] == "Q1 春送温暖"
        table = page.inner_text("#campaign-table")
        assert "19.98万元" in table  # the year's goods, as a Chinese report writes them
        assert "7.6%" in table  # Q1's effective coverage, 0.0755
        text = page.inner_text("main")
        assert not [code for code in RAW_CODES if code in text]
        assert view.overflow() == 0
        view.shot("zh-1400-yongchuan")

        page.fill("#as-of", "2024-08-31")
        page.click("#apply")
        view.ready()
        assert view.chart("campaign")["series"][0]["data"][3] == 0  # nothing held in Q4 yet on 31 August
        assert "2024-08-31" in page.inner_text("#clock-note")

        page.select_option("#campaign-year", "2022")  # a year picked stays picked
        _until(lambda: page.evaluate("(window.njState.data.campaign || {}).year") == 2022)
        page.select_option("#region", WUJIN)
        view.ready()
        assert page.input_value("#campaign-year") == "2022"
        assert "26" in page.inner_text("#campaign-table")
        assert view.errors == []
        assert view.hosts == {urlsplit(dashboard_stack.urls.projections).netloc}


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    """Wait for `condition` (the page's CSP allows no evaluated strings, so no wait_for_function)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_english_at_phone_width(dashboard_stack: Stack, tokens: Tokens) -> None:
    with browser_page(390, locale="en-GB") as view:
        page = view.page
        page.goto(_link(dashboard_stack, tokens.admin, region=YONGCHUAN))
        view.ready()
        page.click("#lang-toggle")
        view.ready()
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.inner_text("h1").startswith("niangjia")
        assert view.chart("campaign")["categories"][0] == "Q1 spring: warmth"
        assert "¥199,800" in page.inner_text("#campaign-table")
        # each chart within its card, and the domains' English names whole beside their bars
        assert view.cut_off() == []
        assert view.chart("domain")["labelsFit"] is True
        assert view.overflow() == 0
        page.set_viewport_size({"width": 1400, "height": 900})  # turned to a wide window and back: drawn again
        _until(lambda: view.chart("campaign")["labels"][0] == "Q1\nspring: warmth")
        page.set_viewport_size({"width": 390, "height": 900})
        _until(lambda: view.cut_off() == [] and view.chart("campaign")["labels"][0] == "Q1")
        view.shot("en-390-yongchuan")
        assert view.errors == []
        assert view.hosts == {urlsplit(dashboard_stack.urls.projections).netloc}


@pytest.mark.parametrize("width", [1400, 390])
def test_a_reporter_sees_her_county_only(dashboard_stack: Stack, tokens: Tokens, width: int) -> None:
    with browser_page(width) as view:
        page = view.page
        page.goto(_link(dashboard_stack, tokens.wujin_reporter))
        view.ready()
        assert page.inner_text("#places .chip.active") == "武进区"  # the chip names the scope from the start
        assert "武进区" in page.inner_text("#scope-note")
        assert page.inner_text("#kpi-federations") == "162"
        for chart in ("domain", "sector", "level"):  # every chart of her first view drawn, none empty
            assert (view.chart(chart) or {}).get("series"), chart
        assert view.chart("level")["labels"][:2] == ["县\n（市、区）", "镇\n（街道）"]  # broken before the bracket
        campaign = view.chart("campaign")  # 2023: 武进's 29 activities, all outside the campaigns: a bar of their own
        assert (campaign["series"][0]["data"], campaign["categories"][4]) == ([0, 0, 0, 0, 29], "活动主题之外")
        wide = "Q1\n春送温暖 Q2\n夏送清凉 Q3\n秋送健康 Q4\n冬送技能 活动主题之外"  # a phone: the quarters' numbers
        assert campaign["labels"] == (wide if width > 520 else "Q1 Q2 Q3 Q4 主题外").split(" ")
        assert page.inner_text("#dormant-table caption").startswith(f"共 {page.inner_text('#kpi-dormant')} 个：")
        offered = page.eval_on_selector_all("#region option", "options => options.map(o => o.value)")
        assert offered[0] == WUJIN and len(offered) > 5
        assert all(value.startswith(WUJIN) for value in offered)
        assert "永川" not in page.inner_text("main")
        assert "审计员" in page.inner_text("#ledger")  # told what the card needs, without asking for it
        assert view.refused == []  # the page asks for nothing the token may not see
        page.fill("#audit-id", "wj-hitech")
        page.click("#audit-form button")
        page.locator("#audit li.error").wait_for(timeout=30_000)
        assert "审计员" in page.inner_text("#audit")  # a reporter's token may not read the audit trail
        assert view.overflow() == 0
        view.shot(f"zh-{width}-reporter-wujin")

        # a link to another county: the refusal shows, and no figure stays under its name
        page.goto("about:blank")
        page.goto(_link(dashboard_stack, tokens.wujin_reporter, region=YONGCHUAN))
        assert view.settled() == "error"
        banner = page.locator("#error-banner")
        assert banner.is_visible()
        assert "永川区" in banner.inner_text()
        assert page.inner_text("#kpi-federations") == "–"
        assert page.locator("#chart-domain .empty").count() == 1
        assert view.overflow() == 0
        view.shot(f"zh-{width}-reporter-refused")
        assert view.hosts == {urlsplit(dashboard_stack.urls.projections).netloc}


@DESK_ZH_PHONE_EN
def test_the_audit_timeline_reads_as_sentences(dashboard_stack: Stack, tokens: Tokens, width: int, locale: str) -> None:
    with browser_page(width, locale) as view:
        page = view.page
        page.goto(_link(dashboard_stack, tokens.auditor, region=YONGCHUAN, lang=locale[:2]))
        view.ready()
        page.fill("#audit-id", "yc-a07")
        page.click("#audit-form button")
        page.locator("#audit li.CareActivityCorrected").wait_for(timeout=30_000)
        text = page.inner_text("#audit")
        if locale == "zh-CN":
            assert "更正活动记录" in text
            assert "受益人次：161 → 61" in text
            assert "爱心物资：820元 → 8,200元" in text
            assert "业务日期：2024-06-14" in text
            # the recorder appears as the pseudonym of the token (its id), never a person's name
            assert re.search(r"记录人：[0-9a-f]{12}", text), text
            assert "录入员" not in text
            assert "（北京时间）" in text
        else:
            assert "Activity record corrected" in text
            assert "people served: 161 → 61" in text
            assert "China time (UTC+8)" in text
        assert "organiser_id" not in text and "corrected_fields" not in text
        assert view.overflow() == 0
        page.locator("#audit").scroll_into_view_if_needed()
        view.shot(f"{locale[:2]}-{width}-audit")
        assert view.errors == []


@DESK_ZH_PHONE_EN
def test_the_ledger_card_shows_the_latest_checkpoint_and_the_last_verification(
    dashboard_stack: Stack, tokens: Tokens, width: int, locale: str
) -> None:
    verified = CliRunner().invoke(cli_app(), ["verify", "--data-dir", str(dashboard_stack.data_dir)])
    assert verified.exit_code == 0, verified.output  # over the running services' data folder
    with browser_page(width, locale) as view:
        page = view.page
        page.goto(_link(dashboard_stack, tokens.auditor, lang=locale[:2]))
        view.ready()
        page.locator("[data-testid=ledger-root]").wait_for(timeout=30_000)
        assert re.fullmatch(r"[0-9a-f]{64}", page.inner_text("[data-testid=ledger-root]").strip())
        size = page.inner_text("[data-testid=ledger-size]")
        verification = page.inner_text("[data-testid=ledger-verification]")
        if locale == "zh-CN":
            assert re.fullmatch(r"[\d,]+ 个事件", size), size
            assert verification.startswith("通过：重算了 "), verification
            assert "（北京时间）" in page.inner_text("[data-testid=ledger-signed]")
        else:
            assert re.fullmatch(r"[\d,]+ events", size), size
            assert verification.startswith("passed: "), verification
            assert "China time (UTC+8)" in page.inner_text("[data-testid=ledger-verified-at]")
        assert view.overflow() == 0
        page.locator("#ledger").scroll_into_view_if_needed()
        view.shot(f"{locale[:2]}-{width}-ledger")
        assert view.errors == []


def test_without_a_token_the_page_asks_for_one(dashboard_stack: Stack, tokens: Tokens) -> None:
    with browser_page(1400) as view:
        page = view.page
        page.goto(f"{dashboard_stack.urls.projections}/")
        page.locator("body[data-state=login]").wait_for(timeout=30_000, state="attached")
        assert "niangjia up" not in page.inner_text("#login")  # it speaks to a leader, not an operator
        page.fill("#token-input", "nj_wrong_wrong")
        page.click("#login-form button")
        page.locator("body[data-state=login]").wait_for(timeout=30_000, state="attached")
        assert page.inner_text("#login-error") != ""
        page.fill("#token-input", tokens.admin)
        page.click("#login-form button")
        view.ready()
        assert page.inner_text("#kpi-federations") == "352"  # standing: 353 founded, 1 dissolved


def test_the_api_docs_load_from_the_services_themselves(dashboard_stack: Stack) -> None:
    urls = dashboard_stack.urls
    relay = f"http://127.0.0.1:{dashboard_stack.ports.relay}"
    for base in (urls.orgs, urls.activities, urls.projections, relay):
        with browser_page(1400) as view:
            view.page.goto(f"{base}/docs")
            view.page.locator(".swagger-ui .information-container").wait_for(timeout=30_000)
            assert view.hosts == {urlsplit(base).netloc}


PICKER_COUNTS = """() => {
  // a country of 31 provinces, 10 cities each and 10 counties in each city: 3,441 regions
  const byRegion = {};
  for (let p = 0; p < 31; p++) {
    byRegion[`省${p}`] = 1;
    for (let c = 0; c < 10; c++) {
      byRegion[`省${p}/市${c}`] = 1;
      for (let k = 0; k < 10; k++) byRegion[`省${p}/市${c}/县${k}`] = 1;
    }
  }
  const { listed } = window.NJ_REGIONS;
  return {
    country: listed(byRegion, null, ""),
    deep: listed(byRegion, null, "省3/市4/县5"),
    province: listed(byRegion, "省2", "省2"),
  };
}"""


def test_the_region_picker_lists_as_many_levels_as_stay_readable(dashboard_stack: Stack, tokens: Tokens) -> None:
    with browser_page(1400) as view:
        view.page.goto(_link(dashboard_stack, tokens.admin))
        view.ready()
        listed = view.page.evaluate(PICKER_COUNTS)
    assert len(listed["country"]) == 31 + 310  # the counties are 3,100: two levels, not three
    assert all(path.count("/") <= 1 for path in listed["country"])
    assert listed["deep"] == sorted([*listed["country"], "省3/市4/县5"])  # the way to the one shown stays
    assert len(listed["province"]) == 10 + 100  # a province's counties: all three levels fit


def test_the_campaign_card_of_a_region_with_nothing_asks_for_one_year(dashboard_stack: Stack, tokens: Tokens) -> None:
    # no year before the region's first organisation can hold an activity: with none, only this year
    with browser_page(1400) as view:
        asked: list[str] = []
        view.page.on("request", lambda request: asked.append(request.url) if "/campaigns/" in request.url else None)
        view.page.goto(_link(dashboard_stack, tokens.admin, region=f"{WUJIN}/空白镇"))
        view.ready()
        assert len(asked) == 1, asked
        assert view.page.input_value("#campaign-year") == str(datetime.now(UTC).year)
        assert view.errors == []
