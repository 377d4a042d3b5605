"""Every benchmark in turn, each with its own defaults unless a size is given, their figures printed
as they come (`make bench`).

    .venv/bin/python bench/run_all.py [--events 1000000] [--only store,orgs_http,...] [--list]

A benchmark that fails is reported and the others still run; the exit status is then 1. The figures
move with the load of the machine: compare figures of one run, or runs on a quiet machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHES: dict[str, tuple[str, ...]] = {
    "store": ("store_bench.py",),
    "orgs_http": ("orgs_http_bench.py", "--seconds", "10"),
    "relay": ("relay_bench.py",),
    "registry_lag": ("registry_lag_bench.py",),
    "checkpoint_lag": ("checkpoint_lag_bench.py",),
    "ledger": ("ledger_bench.py",),
    "cli": ("cli_bench.py",),
    "projections": ("projections_bench.py", "--events", "{events}"),
    "reports": ("reports_bench.py", "--events", "{events}"),
    "live_reports": ("live_reports_bench.py", "--events", "{events}"),
    "people": ("people_bench.py", "--events", "{events}"),
    "dashboard": ("dashboard_bench.py", "--events", "{events}"),
}
"""Name -> the script and its arguments (`{events}`: the size of the generated national stores)."""


def command(name: str, events: int) -> list[str]:
    script, *arguments = BENCHES[name]
    return [sys.executable, str(HERE / script), *(argument.format(events=events) for argument in arguments)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events of the national stores (default 1M)")
    parser.add_argument("--only", default="", help=f"comma-separated names among: {', '.join(BENCHES)}")
    parser.add_argument("--list", action="store_true", help="print the commands and run nothing")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.only.split(",") if name.strip()] or list(BENCHES)
    unknown = sorted(set(names) - BENCHES.keys())
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}")
    failed = []
    for name in names:
        cmd = command(name, args.events)
        print(f"== {name}: {' '.join(cmd)}", flush=True)
        if args.list:
            continue
        started = time.perf_counter()
        code = subprocess.call(cmd)
        print(f"== {name}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
