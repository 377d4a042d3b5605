"""POST /federations over HTTP: commands/s and p50/p99 latency.

The orgs service runs as its own process (uvicorn, one worker) on loopback over a fresh SQLite file
with durable commits (synchronous=FULL). `wrk` drives it with 32 connections and a Lua script that
makes every body unique; without wrk an httpx load generator stands in (it saturates near a few
hundred requests/s on a small machine and measures itself, so its figures are a floor).

With `--ledger`, a second process runs the ledger over the same store during the whole run, exactly
as the projections service does (it tails the log, keeps the Merkle tree in `ledger.db` and signs a
checkpoint at least once a second): the command path's figures with and without it show what the
ledger costs the writers.

    .venv/bin/python bench/orgs_http_bench.py [--seconds 10] [--connections 32] [--ledger]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from niangjia_eventstore import SQLiteEventStore
from niangjia_ledger.state import LedgerFile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.ledger import run_ledger
from tests.support.processes import issue_token, sqlite_env, start_service

REGION = "江苏省/常州市/武进区/高新区"

LUA = r"""
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end

function request()
  counter = counter + 1
  local id = string.format("%s-%d-%d", prefix, thread_id, counter)
  local body = string.format(
    '{"federation_id":"%s","name":"企业妇联 %s","kind":"federation","domain":"non_public_enterprise",'
    .. '"level":"village","region":"%s","host_organisation":"企业 %s",GUIDE'
    .. '"founded_on":"2023-03-08","women_members":%d}',
    id, id, "REGION", id, counter % 500)
  return wrk.format(nil, "/federations", nil, body)
end
""".replace("REGION", REGION)


def lua_script(guided: bool) -> str:
    return LUA.replace("GUIDE", '"guided_by":"bench-park",' if guided else "")


def federation_body(federation_id: str, guided: bool) -> dict[str, object]:
    body: dict[str, object] = {
        "federation_id": federation_id,
        "name": f"企业妇联 {federation_id}",
        "kind": "federation",
        "domain": "non_public_enterprise",
        "level": "village",
        "region": REGION,
        "host_organisation": f"企业 {federation_id}",
        "guided_by": "bench-park",
        "founded_on": "2023-03-08",
        "women_members": 42,
    }
    if not guided:
        del body["guided_by"]
    return body


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (and its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(url: str, token: str, seconds: int, connections: int, threads: int, script: Path, prefix: str) -> str:
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url]
    return subprocess.run([*argv, "--", prefix, token], capture_output=True, text=True, check=True).stdout


def parse_wrk(output: str) -> dict[str, float]:
    def latency_ms(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = re.search(r"(\d+) requests in ([\d.]+)(ms|s)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    assert requests is not None, output
    elapsed = float(requests.group(2)) / (1000 if requests.group(3) == "ms" else 1)
    return {
        "requests": float(requests.group(1)),
        "seconds": elapsed,
        "per_second": float(requests.group(1)) / elapsed,
        "p50_ms": latency_ms("50%"),
        "p90_ms": latency_ms("90%"),
        "p99_ms": latency_ms("99%"),
        "non_2xx": float(non_2xx.group(1)) if non_2xx else 0.0,
        "socket_errors": 1.0 if errors else 0.0,
    }


async def run_httpx(
    url: str, token: str, seconds: int, connections: int, prefix: str, guided: bool
) -> dict[str, float]:
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, limits=limits) as client:

        async def worker(n: int) -> None:
            nonlocal failures
            i = 0
            while time.perf_counter() < deadline:
                i += 1
                started = time.perf_counter()
                response = await client.post("/federations", json=federation_body(f"{prefix}-{n}-{i}", guided))
                latencies.append(time.perf_counter() - started)
                failures += response.status_code != 201

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": float(len(latencies)),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "non_2xx": float(failures),
        "socket_errors": 0.0,
    }


def ledger_summary(folder: Path) -> str:
    """What the ledger took in during the run: its tree's size and how many checkpoints it signed."""
    state = LedgerFile(folder / "ledger.db", readonly=True)
    try:
        checkpoints = state.checkpoints()
    finally:
        state.close()
    size = checkpoints[-1].tree_size if checkpoints else 0
    return f"running alongside; tree size {size}, {len(checkpoints)} checkpoints signed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (the server needs the other core)")
    parser.add_argument("--guided", action="store_true", help='every federation names a guide ("1+N"): one more read')
    parser.add_argument("--synchronous", default="FULL", choices=["FULL", "NORMAL"], help="SQLite durability")
    parser.add_argument("--ledger", action="store_true", help="run the ledger over the same store meanwhile")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="orgs-bench-") as folder:
        data = Path(folder)
        db = data / "events.db"
        token = issue_token(data / "tokens.json", "bench-recorder", "recorder", "江苏省/常州市/武进区")
        service = start_service("orgs", env=sqlite_env(data, db, args.synchronous), log_dir=data)
        ledger = None
        if args.ledger:  # for the warm-up, the run and a second after it
            ledger = multiprocessing.get_context("spawn").Process(target=run_ledger, args=(folder, args.seconds + 6.0))
            ledger.start()
            time.sleep(1.5)  # the ledger is up and following the store
        try:
            guide = federation_body("bench-park", guided=False) | {"domain": "industrial_park", "level": "town"}
            response = httpx.post(
                f"{service.url}/federations", json=guide, headers={"Authorization": f"Bearer {token}"}, timeout=10
            )
            assert response.status_code == 201, response.text
            script = data / "found.lua"
            script.write_text(lua_script(args.guided), encoding="utf-8")
            generator = "wrk" if shutil.which("wrk") else "httpx"
            if generator == "wrk":
                run_wrk(service.url, token, 2, args.connections, args.threads, script, "warm")
                cpu_before = cpu_seconds(service.process.pid)
                figures = parse_wrk(
                    run_wrk(service.url, token, args.seconds, args.connections, args.threads, script, "run")
                )
            else:
                print(
                    "WARNING: wrk is not installed (apt-get install wrk); using the httpx load generator, which "
                    "saturates near a few hundred requests/s on its own and so understates the service",
                    file=sys.stderr,
                )
                asyncio.run(run_httpx(service.url, token, 2, args.connections, "warm", args.guided))
                cpu_before = cpu_seconds(service.process.pid)
                figures = asyncio.run(run_httpx(service.url, token, args.seconds, args.connections, "run", args.guided))
            server_cpu = cpu_seconds(service.process.pid) - cpu_before
        finally:
            service.stop()
            if ledger is not None:
                ledger.join()
        if ledger is not None and ledger.exitcode != 0:
            raise SystemExit(f"the ledger process failed (exit {ledger.exitcode})")
        ledger_line = ledger_summary(data) if ledger is not None else "not running"
        store = SQLiteEventStore(db)
        try:
            recorded = store.last_position_sync()
        finally:
            store.close_sync()

    print(
        f"orgs POST /federations  generator={generator} connections={args.connections} "
        f"seconds={figures['seconds']:.1f} sqlite synchronous={args.synchronous} guided={args.guided}"
    )
    print(f"  ledger: {ledger_line}")
    print(f"  commands/s: {figures['per_second']:.0f}")
    print(
        f"  latency p50: {figures['p50_ms']:.2f} ms  p90: {figures['p90_ms']:.2f} ms  p99: {figures['p99_ms']:.2f} ms"
    )
    print(
        f"  server CPU per command: {server_cpu / max(figures['requests'], 1) * 1e6:.0f} us "
        f"(server busy {server_cpu / figures['seconds']:.0%} of one core)"
    )
    print(
        f"  requests: {figures['requests']:.0f}  non-2xx: {figures['non_2xx']:.0f}  "
        f"events in store (incl. warm-up): {recorded}  run id {uuid.uuid4().hex[:6]}"
    )


if __name__ == "__main__":
    main()
