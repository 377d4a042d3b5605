"""The audit timeline's sentences in Debian's chromium: counts written as every count on the page is
(2,860 women members), English punctuation in English."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.browser.conftest import WUJIN, Tokens
from tests.browser.page import browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "written"), [("zh", "妇女会员 {n} 人"), ("en", "{n} women members")])
def test_a_founding_counts_its_women_members_with_thousands_marked(
    dashboard_stack: Stack, tokens: Tokens, lang: str, written: str
) -> None:
    history = httpx.get(
        f"{dashboard_stack.urls.projections}/audit/entities/wj-hitech",
        headers={"Authorization": f"Bearer {tokens.auditor}"},
        timeout=30,
    ).json()
    women = next(
        item["data"]["women_members"] for item in history["items"] if item["event_type"] == "FederationFounded"
    )
    assert women >= 1000  # the data set's park federation: a count with a thousands mark
    with browser_page(1400, "zh-CN" if lang == "zh" else "en-GB") as view:
        view.page.goto(f"{dashboard_stack.urls.projections}/#token={tokens.auditor}&region={quote(WUJIN)}&lang={lang}")
        view.ready()
        view.page.fill("#audit-id", "wj-hitech")
        view.page.click("#audit-form button")
        view.page.locator("#audit li.FederationFounded").wait_for(timeout=30_000)
        text = view.page.inner_text("#audit li.FederationFounded")
        assert written.format(n=f"{women:,}") in text, text
        assert view.errors == []


@pytest.mark.parametrize(("lang", "written"), [("zh", "{organiser} 举办「"), ("en", "{organiser} held “")])
def test_an_activity_names_who_organised_it(dashboard_stack: Stack, tokens: Tokens, lang: str, written: str) -> None:
    history = httpx.get(
        f"{dashboard_stack.urls.projections}/audit/entities/yc-a07",
        headers={"Authorization": f"Bearer {tokens.auditor}"},
        timeout=30,
    ).json()
    organiser = next(
        item["data"]["organiser_id"] for item in history["items"] if item["event_type"] == "CareActivityHeld"
    )
    with browser_page(1400, "zh-CN" if lang == "zh" else "en-GB") as view:
        view.page.goto(f"{dashboard_stack.urls.projections}/#token={tokens.auditor}&lang={lang}")
        view.ready()
        view.page.fill("#audit-id", "yc-a07")
        view.page.click("#audit-form button")
        view.page.locator("#audit li.CareActivityHeld").wait_for(timeout=30_000)
        text = view.page.inner_text("#audit li.CareActivityHeld")
        assert written.format(organiser=organiser) in text, text
        assert view.errors == []
