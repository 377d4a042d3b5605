"""Dashboard benchmark: the dashboard's first full render in Debian's chromium (every card and
chart drawn: the page says `data-state=ready`), at desktop width, for a national reporter and for
the reporter of the county with the most organisations, over the reports benchmark's history of N
events and its read models (built once per code version, or those of --label).

    .venv/bin/python bench/dashboard_bench.py [--events 1000000] [--seed 20] [--runs 3] [--label REV]

Each reporter's runs go to a service of their own, started for them. Each run opens a new browser
page on it (its SQLite caches stay warm from the runs before, as a service's do): the first run's
figure is printed apart. The first run computes every report the page asks for; the runs after it
are given the answers kept from it (the reports shared while the read models stand still), as the
next colleague of the same scope opening the dashboard would be.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

from reports_bench import history_options, prepared, scopes, serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support.processes import issue_token


def render_seconds(url: str, timeout_s: float) -> float:
    """Seconds from asking for the page to every card drawn; fails on an error the page shows."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
            started = time.perf_counter()
            page.goto(url)
            page.locator("body[data-state=ready], body[data-state=error]").wait_for(
                timeout=timeout_s * 1000, state="attached"
            )
            seconds = time.perf_counter() - started
            state = page.evaluate("document.body.dataset.state")
            if state != "ready":
                raise SystemExit(f"the dashboard showed an error: {page.inner_text('#error')!r}")
            return seconds
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    history_options(parser)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds a render may take before it counts as failed"
    )
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium)")
    store, data, label = prepared(args)
    for name, scope in scopes(data).items():
        if name == "province":
            continue
        # a service of its own for each reporter: the reports a page leaves running once it is drawn
        # (the milestones') would otherwise weigh on the next reporter's page
        service = serve(store, data)
        try:
            token = issue_token(data / "tokens.json", f"dashboard-{name}", "reporter", scope)
            url = f"{service.url}/#token={quote(token)}"
            runs = [render_seconds(url, args.timeout) for _ in range(args.runs)]
        finally:
            service.stop()
        rest = runs[1:] or runs
        print(
            f"dashboard {name:8} first render {runs[0] * 1000:8.0f} ms, then median {statistics.median(rest) * 1000:8.0f} "
            f"ms, worst {max(rest) * 1000:8.0f} ms ({len(runs)} runs; {scope or 'every region'})",
            flush=True,
        )
    print(f"code {label}, {args.events:,} events, seed {args.seed}")


if __name__ == "__main__":
    main()
