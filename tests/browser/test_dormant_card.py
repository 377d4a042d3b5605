"""The dormant organisations' card in Debian's chromium: each row says why it is dormant in the words
the exports use, the count by reason in the caption, in sight whole at phone and desktop width."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.browser.conftest import WUJIN, Tokens
from tests.browser.page import browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1400, 390])
def test_each_dormant_row_says_why_in_the_words_of_the_exports(
    dashboard_stack: Stack, tokens: Tokens, width: int
) -> None:
    answer = httpx.get(
        f"{dashboard_stack.urls.projections}/dormant",
        params={"region": WUJIN, "limit": 200},
        headers={"Authorization": f"Bearer {tokens.admin}"},
        timeout=30,
    ).json()
    with browser_page(width, "zh-CN") as view:
        page = view.page
        page.goto(f"{dashboard_stack.urls.projections}/#token={tokens.admin}&region={quote(WUJIN)}")
        view.ready()
        page.locator("#dormant-table tbody tr").first.wait_for(timeout=30_000)
        assert page.inner_text("#dormant-table thead th:nth-child(3)") == "休眠依据"
        shown = page.locator("#dormant-table tbody td:nth-child(3)").all_inner_texts()
        named = {"finding": "跟踪认定", "silence": "无活动也无跟踪"}  # as the Excel export names them
        assert shown == [named[item["dormant_by"]] for item in answer["items"]]
        counts = "、".join(f"{named[why]} {n}" for why, n in answer["by_reason"].items() if n)
        assert page.inner_text("#dormant-table caption") == f"共 {answer['total']} 个：{counts}"
        # the count in sight whole, wrapped to the box (on a phone the table scrolls sideways);
        # at desktop width the table spans the page: every column in sight, none scrolled to
        box, caption, wide = page.evaluate(
            "(() => { const t = document.querySelector('#dormant-table'), s = t.parentElement;"
            " const r = (e) => e.getBoundingClientRect().right;"
            " return [r(s), r(t.querySelector('caption')), s.scrollWidth > s.clientWidth]; })()"
        )
        assert caption <= box + 0.5, (caption, box)
        assert wide == (width < 1000)
