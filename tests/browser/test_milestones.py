"""The milestones card in Debian's chromium, in Chinese and English, at desktop and phone width:
乐清's chamber federations by origin, 武进's federations founded in three years, and the
province's firsts, as the reports answer them, names never codes. Screenshots go to build/browser/."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.browser.conftest import DESK_ZH_PHONE_EN, WUJIN, Tokens
from tests.browser.page import BUILD, Watched, browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser

YUEQING = "浙江省/温州市/乐清市"


def _open(view: Watched, stack: Stack, token: str, lang: str, region: str) -> str:
    view.page.goto(f"{stack.urls.projections}/#token={token}&region={quote(region)}&lang={lang}")
    view.ready()
    view.page.locator("#milestones [data-testid=chambers]").wait_for(timeout=30_000)
    return str(view.page.inner_text("#milestones"))


@DESK_ZH_PHONE_EN
def test_the_milestones_card_names_origins_years_and_firsts(
    dashboard_stack: Stack, tokens: Tokens, width: int, locale: str
) -> None:
    lang = locale[:2]
    with browser_page(width, locale) as view:
        card = _open(view, dashboard_stack, tokens.admin, lang, YUEQING)
        if lang == "zh":
            assert "商会妇联 8 个" in card and "在外商会 6" in card and "外来商会 2" in card
            assert "海外·妇联：" in card
        else:
            assert "8 chamber federations" in card and "outbound chamber 6" in card and "inbound chamber 2" in card
            assert "overseas · federation: " in card
        assert "chamber_of_commerce" not in card and "outbound" not in card.replace("outbound chamber", "")
        assert view.overflow() == 0
        assert view.errors == []
        view.shot(f"{lang}-{width}-milestones")
        BUILD.mkdir(parents=True, exist_ok=True)
        view.page.locator("#milestones").screenshot(path=str(BUILD / f"{lang}-{width}-milestones-card.png"))
        assert view.hosts == {urlsplit(dashboard_stack.urls.projections).netloc}


def test_a_county_reader_sees_her_county_three_years_founded(dashboard_stack: Stack, tokens: Tokens) -> None:
    with browser_page(390) as view:
        _open(view, dashboard_stack, tokens.wujin_reporter, "zh", WUJIN)
        view.page.fill("#as-of", "2023-12-31")
        view.page.click("#apply")
        founded = view.page.locator("#milestones [data-testid=founded]", has_text="2021—2023")
        founded.wait_for(timeout=30_000)
        card = str(view.page.inner_text("#milestones"))
        assert "2021—2023 年新建妇联 162 个" in card
        assert "2021 年 67、2022 年 56、2023 年 39" in card
        assert view.overflow() == 0 and view.errors == []


def test_every_first_of_the_region_is_listed(dashboard_stack: Stack, tokens: Tokens) -> None:
    # the country: more firsts than the card shows at once (its list scrolls)
    answer = httpx.get(
        f"{dashboard_stack.urls.projections}/firsts", headers={"Authorization": f"Bearer {tokens.admin}"}, timeout=30
    )
    total = answer.json()["total"]
    assert total > 12
    with browser_page(1400) as view:
        _open(view, dashboard_stack, tokens.admin, "zh", "")
        assert view.page.locator("#milestones [data-testid=firsts] li").count() == total
        assert "niangjia firsts" not in view.page.inner_text("#milestones")  # not sent to the command line
