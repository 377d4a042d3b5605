"""Reports benchmark: every report's latency (p50, p99) under 16 concurrent readers over the
projections service, at national, province and county scope, with and without `as_of` and
`known_at`, over a national history of N events (`national`, generated once and kept in --workdir),
after a rebuild of every read model (its events/s and peak RSS are printed too).

    .venv/bin/python bench/reports_bench.py [--events 1000000] [--seed 20] [--seconds 5]
                                            [--connections 16] [--only campaigns,counts]
                                            [--scopes national,county] [--clocks now,known_at]
                                            [--answers computed,shared]

Run with another checkout's interpreter (`/path/to/other/.venv/bin/python bench/reports_bench.py`)
to measure that code over the same history: the read models are rebuilt per code version (a
label from the installed package's path and git revision). `wrk` drives each report for --seconds
with --connections connections; a report whose single request takes over a second is instead
asked once by each of --connections concurrent httpx clients (wrk would time it out), said so in the
table. Each row starts with the report's first request (`first`: computed, in either mode), every
report's asked alone on an idle service before any is asked by many readers. The county is the one
with the most organisations, the province the one holding it; the small county the one with the
fewest.

`--answers`: `computed` runs the service with its shared answers switched off
(`NIANGJIA_SHARED_ANSWERS_BYTES=0`): every request computes its report, the cost of each report
itself; `shared` runs it as deployed: readers who ask the same report while the read models stand
still share one computation (here, with no events arriving, every request after the first).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import national
import niangjia_projections
import projections_bench
from niangjia_contracts.regions import registry
from niangjia_kit.projection import ModelFiles
from orgs_http_bench import parse_wrk
from projections_bench import generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.processes import ServiceProcess, issue_token, sqlite_env, start_service

AS_OF = "2024-06-30"
KNOWN_AT = "2024-07-01T10:00:00Z"
"""Inside the history's recording day of 2024-07-01 (recorded from 09:00 UTC): a known-at report
settles that day's events from the versions."""
CLOCKS = {"now": "", "as_of": f"as_of={AS_OF}", "known_at": f"known_at={quote(KNOWN_AT)}"}
CLOCKS["both"] = f"{CLOCKS['as_of']}&{CLOCKS['known_at']}"
REPORTS = {
    "counts": "/counts",
    "counts_level": "/counts?region_depth=1",
    "quarters": "/counts/quarters",
    "campaigns": "/campaigns/2024",
    "quarter": "/campaigns/2024/Q2",
    "dormant": "/dormant?since=2024-01-01&limit=100",
    "chambers": "/chambers",
    "founded": "/founded?founded_from=2022-01-01&founded_to=2024-12-31",
    "elections": "/elections?elected_from=2024-01-01&elected_to=2024-12-31&limit=100",
    "firsts": "/firsts",
    "members": "/members/report?region_depth=1",
}
LUA = """
wrk.headers["Authorization"] = "Bearer TOKEN"
"""


def code_label() -> str:
    source = Path(niangjia_projections.__file__).resolve().parent
    revision = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return revision or "unknown"


def rebuild_once(store: Path, data: Path) -> None:
    models = data / "read-models"
    if ModelFiles(models).current("activities") is not None:
        return
    # in a process of its own, as `niangjia-projections rebuild` runs: this one may have generated the
    # history, and its peak memory would count in the rebuild's
    child = [sys.executable, projections_bench.__file__, "--rebuild-child", str(store), str(models)]
    report = json.loads(subprocess.run(child, capture_output=True, check=True).stdout)
    print(
        f"rebuild: {report['events']:,} events in {report['seconds']:.1f} s = "
        f"{report['events'] / report['seconds']:,.0f} events/s, peak RSS {report['peak_rss_mb']:.0f} MB "
        f"(sum over {report['processes']} processes)",
        flush=True,
    )


def history_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose the history and its read models."""
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "niangjia-projections-bench")
    parser.add_argument(
        "--label",
        help="read the read models built for this label (a revision's) instead of this code's own; for code "
        "that changed no read model's tables (the service rebuilds a model whose version differs)",
    )


def prepared(args: argparse.Namespace) -> tuple[Path, Path, str]:
    """The national history of --events (generated once, kept in --workdir) and its read models for
    this code (or --label), rebuilt once: the store, the data folder and the label."""
    args.workdir.mkdir(parents=True, exist_ok=True)
    store = args.workdir / national.store_name(args.events, args.seed)
    asyncio.run(generate(store, args.events, args.seed))
    label = args.label or code_label()
    data = args.workdir / f"reports-{args.events}-{args.seed}-{label}"
    rebuild_once(store, data)
    return store, data, label


def serve(store: Path, data: Path, answers: str = "shared") -> ServiceProcess:
    """The projections service over the data folder's read models (no ledger: reports only), once
    its start-up integrity check of the store is over: that check reads every event beside the
    readers (a quarter of a core: about 18 s at 1M events, 3 minutes at 10M), and the figures are
    the service's at rest."""
    env = {**sqlite_env(data, store), "NIANGJIA_LEDGER": "false"}
    if answers == "computed":
        env["NIANGJIA_SHARED_ANSWERS_BYTES"] = "0"
    service = start_service(
        "projections", env=env, log_dir=data, command=[sys.executable, "-m", "niangjia_projections.main"], timeout=300
    )
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        health = httpx.get(service.url + "/health", timeout=30).json()
        if health.get("integrity", {}).get("status") != "pending":
            break
        time.sleep(1)
    return service


def scopes(data: Path) -> dict[str, str | None]:
    """National, the county with the most organisations, its province, and the county with the
    fewest (`small_county`: a report that looks for a region's rows among the country's shows there)."""
    import sqlite3

    conn = sqlite3.connect(ModelFiles(data / "read-models").current("organisations") or "")
    by_county: dict[str, int] = {}
    for region, count in conn.execute("SELECT region, count(*) FROM org GROUP BY region"):
        county = registry().place(region).division.path
        by_county[county] = by_county.get(county, 0) + count
    conn.close()
    county = max(by_county, key=lambda c: by_county[c])
    small = min(by_county, key=lambda c: (by_county[c], c))
    return {"national": None, "province": county.split("/")[0], "county": county, "small_county": small}


def url_of(report: str, scope: str | None, clocks: str) -> str:
    path = REPORTS[report]
    query = "&".join(q for q in (f"region={quote(scope)}" if scope else "", clocks) if q)
    if not query:
        return path
    return path + ("&" if "?" in path else "?") + query


async def concurrent(base: str, token: str, path: str, connections: int) -> dict[str, float]:
    latencies: list[float] = []
    failures = 0
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=600) as client:

        async def worker() -> None:
            nonlocal failures
            for _ in range(1):
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                failures += response.status_code != 200

        await asyncio.gather(*(worker() for _ in range(connections)))
    latencies.sort()
    return {
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "requests": float(len(latencies)),
        "non_2xx": float(failures),
    }


def probe(base: str, token: str, path: str) -> float:
    """One request's latency in ms (it must answer 200)."""
    started = time.perf_counter()
    answer = httpx.get(base + path, headers={"Authorization": f"Bearer {token}"}, timeout=600)
    assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return (time.perf_counter() - started) * 1000


def measure(
    base: str, token: str, path: str, args: argparse.Namespace, script: Path, first: float | None = None
) -> tuple[str, dict[str, float]]:
    """--connections readers asking the report whose first request took `first` ms (asked now when
    None): with wrk when a second request takes under a second, else once each."""
    if first is None:
        first = probe(base, token, path)
    figures = measured(base, token, path, args, script, probe(base, token, path) if first > 1000 else first)
    return figures[0], {**figures[1], "first_ms": first}


def measured(
    base: str, token: str, path: str, args: argparse.Namespace, script: Path, again_ms: float
) -> tuple[str, dict[str, float]]:
    if again_ms > 1000 or not shutil.which("wrk"):
        return "httpx", asyncio.run(concurrent(base, token, path, args.connections))
    argv = ["wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "30s", "--latency"]
    done = subprocess.run([*argv, "-s", str(script), base + path], capture_output=True, text=True, check=True)
    figures = parse_wrk(done.stdout)
    if figures["requests"] < args.connections:  # too slow for wrk's window: each reader's one request, timed
        return "httpx", asyncio.run(concurrent(base, token, path, args.connections))
    return "wrk", figures


def run_reports(
    service: ServiceProcess,
    token: str,
    script: Path,
    regions: dict[str, str | None],
    args: argparse.Namespace,
    answers: str,
) -> list[dict[str, object]]:
    """Every report asked of `service` in each scope and with each clocks chosen, then the service stopped."""
    rows: list[dict[str, object]] = []
    asked = [
        (report, scope_name, clock_name, url_of(report, scope, CLOCKS[clock_name]))
        for scope_name, scope in regions.items()
        if scope_name in args.scopes.split(",")
        for report in args.only.split(",")
        for clock_name in args.clocks.split(",")
    ]
    try:
        # every first request alone on an idle service, before any report is asked by many readers:
        # when wrk stops, the service is still answering the requests it had queued
        firsts = {path: probe(service.url, token, path) for *_, path in asked}
        for report, scope_name, clock_name, path in asked:
            tool, figures = measure(service.url, token, path, args, script, firsts[path])
            rows.append(
                {"report": report, "scope": scope_name, "clocks": clock_name, "answers": answers}
                | {"tool": tool, **figures}
            )
            print(
                f"{report:9} {scope_name:12} {clock_name:8} {answers:8} first {figures['first_ms']:9.1f} ms  "
                f"p50 {figures['p50_ms']:9.1f} ms  "
                f"p99 {figures['p99_ms']:9.1f} ms  ({figures['requests']:.0f} requests, {tool}) {path}",
                flush=True,
            )
    finally:
        service.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    history_options(parser)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", default=",".join(REPORTS), help="reports to run: " + ", ".join(REPORTS))
    parser.add_argument("--scopes", default="national,province,county,small_county")
    parser.add_argument("--clocks", default=",".join(CLOCKS), help="of: " + ", ".join(CLOCKS))
    parser.add_argument("--answers", default="computed,shared", help="of: computed, shared (see above)")
    args = parser.parse_args()
    store, data, label = prepared(args)
    token = issue_token(data / "tokens.json", "bench-reporter", "reporter", None)
    script = data / "reader.lua"
    script.write_text(LUA.replace("TOKEN", token), encoding="utf-8")
    rows = []
    regions = scopes(data)
    for answers in args.answers.split(","):
        rows += run_reports(serve(store, data, answers), token, script, regions, args, answers)
    (data / "results.json").write_text(json.dumps(rows, indent=1))
    print(
        f"code {label}, {args.events:,} events, seed {args.seed}, {args.connections} readers; {data / 'results.json'}"
    )


if __name__ == "__main__":
    main()
