"""The audit timeline's sentences in Debian's chromium: counts written as every count on the page is
(2,860 women members), English punctuation in English; an activity names who organised it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.browser.conftest import WUJIN, Tokens
from tests.browser.page import browser_page
from tests.e2e.up.stack import Stack

pytestmark = pytest.mark.browser

CASES = [("zh", "zh-CN"), ("en", "en-GB")]


def _fact(stack: Stack, token: str, entity: str, event_type: str, field: str) -> Any:
    """`field` of `entity`'s first `event_type` event, as the audit trail answers it."""
    history = httpx.get(
        f"{stack.urls.projections}/audit/entities/{entity}", headers={"Authorization": f"Bearer {token}"}, timeout=30
    ).json()
    return next(item["data"][field] for item in history["items"] if item["event_type"] == event_type)


def _sentence(stack: Stack, token: str, entity: str, event_type: str, locale: str, region: str | None = None) -> str:
    with browser_page(1400, locale) as view:
        view.timeline(stack.urls.projections, token, entity, locale[:2], event_type, region)
        assert view.errors == []
        return str(view.page.inner_text(f"#audit li.{event_type}"))


@pytest.mark.parametrize(("lang", "locale"), CASES)
def test_a_founding_counts_its_women_members_with_thousands_marked(
    dashboard_stack: Stack, tokens: Tokens, lang: str, locale: str
) -> None:
    women = _fact(dashboard_stack, tokens.auditor, "wj-hitech", "FederationFounded", "women_members")
    assert women >= 1000  # the data set's park federation: a count with a thousands mark
    text = _sentence(dashboard_stack, tokens.auditor, "wj-hitech", "FederationFounded", locale, WUJIN)
    assert (f"妇女会员 {women:,} 人" if lang == "zh" else f"{women:,} women members") in text, text


@pytest.mark.parametrize(("lang", "locale"), CASES)
def test_an_activity_names_who_organised_it(dashboard_stack: Stack, tokens: Tokens, lang: str, locale: str) -> None:
    organiser = _fact(dashboard_stack, tokens.auditor, "yc-a07", "CareActivityHeld", "organiser_id")
    text = _sentence(dashboard_stack, tokens.auditor, "yc-a07", "CareActivityHeld", locale)
    assert (f"{organiser} 举办「" if lang == "zh" else f"{organiser} held “") in text, text
