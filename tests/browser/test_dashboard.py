"""The dashboard in Debian's chromium: charts with the demo figures, the language switch, as_of."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser

BUILD = Path(__file__).resolve().parents[2] / "build"


def test_the_dashboard_shows_the_reports_figures(dashboard_stack: Stack, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    url = f"{dashboard_stack.urls.projections}/#token={dashboard_stack.token}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            ready = page.locator("body[data-state=ready]")

            def chart(name: str) -> Any:
                return page.evaluate(f"document.getElementById('chart-{name}').data")

            page.goto(url)
            ready.wait_for(timeout=60_000)
            assert page.evaluate("location.hash") == ""  # the token left the address bar
            assert page.evaluate("sessionStorage.getItem('niangjia.token')") == dashboard_stack.token
            assert page.locator("html").get_attribute("lang") == "zh-CN"

            page.click("button[data-region='江苏省/常州市/武进区']")
            ready.wait_for(timeout=60_000)
            assert page.inner_text("#kpi-federations") == "162"
            assert page.inner_text("#kpi-micro-homes") == "160"
            assert page.locator("#chart-domain .main-svg").count() > 0
            domains = dict(zip(chart("domain")[0]["y"], chart("domain")[0]["x"], strict=True))
            assert domains["非公企业"] == 92
            assert domains["新兴行业"] == 16
            coverage = chart("coverage")
            assert coverage[2]["y"][-1] == 162  # cumulative standing federations
            tree = page.inner_text("#tree")
            assert "中以常州创新园妇联" in tree

            page.click("button[data-region='重庆市/永川区']")
            ready.wait_for(timeout=60_000)
            campaign = chart("campaign")
            assert campaign[0]["y"] == [5, 6, 5, 6]
            assert [x.split()[0] for x in campaign[0]["x"]] == ["Q1", "Q2", "Q3", "Q4"]
            assert "春送温暖" in campaign[0]["x"][0]
            assert "199800.00" in page.inner_text("#campaign-table")

            page.click("#lang-toggle")
            ready.wait_for(timeout=60_000)
            assert page.locator("html").get_attribute("lang") == "en"
            assert page.inner_text("h1").startswith("niangjia")
            assert "spring: warmth" in chart("campaign")[0]["x"][0]

            page.fill("#as-of", "2024-08-31")
            page.click("#apply")
            ready.wait_for(timeout=60_000)
            assert chart("campaign")[0]["y"][3] == 0  # nothing held in Q4 yet on 31 August
            assert int(page.inner_text("#kpi-federations").replace(",", "")) < 116
            assert "2024-08-31" in page.inner_text("#clock-note")
            assert errors == []

            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot), full_page=True)
            BUILD.mkdir(exist_ok=True)
            shutil.copyfile(shot, BUILD / "dashboard.png")
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()


def test_without_a_token_the_page_asks_for_one(dashboard_stack: Stack) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{dashboard_stack.urls.projections}/")
            page.locator("body[data-state=login]").wait_for(timeout=30_000)
            page.fill("#token-input", "nj_wrong_wrong")
            page.click("#login-form button")
            page.locator("body[data-state=login]").wait_for(timeout=30_000)
            assert page.inner_text("#login-error") != ""
            page.fill("#token-input", dashboard_stack.token)
            page.click("#login-form button")
            page.locator("body[data-state=ready]").wait_for(timeout=60_000)
            assert page.inner_text("#kpi-federations") == "352"  # standing: 353 founded, 1 dissolved
        finally:
            browser.close()
