"""The campaign card's table in Debian's chromium: the rows add up where they can, and the page says
why the year has no organisers or coverage of its own (each row counts its organisers once)."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.browser.conftest import Tokens
from tests.browser.page import browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser

YONGCHUAN = "重庆市/永川区"


@pytest.mark.parametrize(("lang", "year"), [("zh-CN", "全年"), ("en", "Year")])
def test_the_year_row_sums_the_rows_and_the_note_says_why_organisers_do_not(
    dashboard_stack: Stack, tokens: Tokens, lang: str, year: str
) -> None:
    report = httpx.get(
        f"{dashboard_stack.urls.projections}/campaigns/2024",
        params={"region": YONGCHUAN},
        headers={"Authorization": f"Bearer {tokens.admin}"},
        timeout=30,
    ).json()
    with browser_page(1400, lang) as view:
        page = view.page
        page.goto(f"{dashboard_stack.urls.projections}/#token={tokens.admin}&region={quote(YONGCHUAN)}&lang={lang[:2]}")
        view.ready()
        rows = page.locator("#campaign-table tbody tr")
        cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
        assert [row[0] for row in cells][-1] == year
        activities = [int(row[2].replace(",", "")) for row in cells]
        assert sum(activities[:-1]) == activities[-1] == report["total"]["activities"]
        organisers = [row[6] for row in cells]
        assert organisers[:-1] == [str(q["organisers"]) for q in [*report["quarters"], report["outside_campaigns"]]]
        assert organisers[-1] == "–" and cells[-1][7] == "–"
        note = page.inner_text("[data-testid=campaign-note]")
        assert ("不能逐行相加" if lang == "zh-CN" else "do not add up") in note
