"""The dashboard's text boxes in Debian's chromium: each one's hint (its placeholder) is read whole,
in Chinese and English, at desktop and phone width."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.conftest import WUJIN, Tokens
from tests.browser.page import browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser

CUT = """() => {
  const canvas = document.createElement("canvas").getContext("2d");
  return [...document.querySelectorAll("input[placeholder]")].filter((box) => box.offsetParent !== null).map((box) => {
    const style = getComputedStyle(box);
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [box.id, box.placeholder, Math.ceil(canvas.measureText(box.placeholder).width), Math.floor(room)];
  }).filter(([, hint, needs, room]) => hint && needs > room);
}"""


@pytest.mark.parametrize(("width", "lang"), [(1400, "zh"), (390, "zh"), (1400, "en"), (390, "en")])
def test_every_hint_in_a_text_box_is_read_whole(dashboard_stack: Stack, tokens: Tokens, width: int, lang: str) -> None:
    with browser_page(width, "zh-CN" if lang == "zh" else "en-GB") as view:
        view.page.goto(f"{dashboard_stack.urls.projections}/#token={tokens.admin}&region={quote(WUJIN)}&lang={lang}")
        view.ready()
        view.page.locator("#member-name").wait_for(timeout=30_000)
        assert view.page.locator("input[placeholder]").count() >= 4
        assert view.page.evaluate(CUT) == []
