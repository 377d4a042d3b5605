"""A dashboard page in Debian's chromium, watched: every request's host, the answers that refused,
script errors, overflow."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

BUILD = Path(__file__).resolve().parents[2] / "build" / "browser"


@dataclass
class Watched:
    page: Any
    hosts: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Each answer of 400 or more: its status and URL."""

    def answered(self, response: Any) -> None:
        if response.status >= 400:
            self.refused.append(f"{response.status} {response.url}")

    def ready(self) -> None:
        self.page.locator("body[data-state=ready]").wait_for(timeout=90_000, state="attached")

    def settled(self) -> str:
        self.page.locator("body[data-state=ready], body[data-state=error]").wait_for(timeout=90_000, state="attached")
        return str(self.page.evaluate("document.body.dataset.state"))

    def chart(self, name: str) -> Any:
        return self.page.evaluate(f"window.njChart('chart-{name}')")

    def timeline(self, base: str, token: str, entity: str, lang: str, shown: str, region: str | None = None) -> None:
        """Open the dashboard at `base` and the audit timeline of `entity`, until its `shown` event is."""
        where = f"&region={quote(region)}" if region else ""
        self.page.goto(f"{base}/#token={token}{where}&lang={lang}")
        self.ready()
        self.page.fill("#audit-id", entity)
        self.page.click("#audit-form button")
        self.page.locator(f"#audit li.{shown}").wait_for(timeout=30_000)

    def cut_off(self) -> list[str]:
        """The dashboard's charts wider than their cards (the card cuts them off)."""
        charts = ("domain", "sector", "level", "coverage", "campaign")
        return [name for name in charts if self.chart(name) and not self.chart(name)["inCard"]]

    def overflow(self) -> int:
        """How far the page is wider than the window (0: no horizontal scrolling)."""
        return int(self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))

    def shot(self, name: str) -> Path:
        BUILD.mkdir(parents=True, exist_ok=True)
        path = BUILD / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        return path


@contextmanager
def browser_page(width: int, locale: str = "zh-CN") -> Iterator[Watched]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={"width": width, "height": 900}, locale=locale, timezone_id="Europe/London"
            )
            watched = Watched(page)
            page.on("request", lambda request: watched.hosts.add(urlsplit(request.url).netloc))
            page.on("pageerror", lambda error: watched.errors.append(str(error)))
            page.on("response", watched.answered)
            yield watched
        finally:
            browser.close()
