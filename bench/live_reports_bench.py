"""Reports under writes: each report's latency while care activities are recorded (and now and then a
federation founded) at a steady rate, over a copy of the reports benchmark's national history.

A kept report is given again only while the read models it reads hold the same rows (see
`answer_cache`): an activity outdates the reports that read the activities model (counts, campaigns,
dormancy, the "1+N" trees) and not those of the organisations or the members alone (the quarters'
coverage, the milestones, the members report); a founding outdates those of the organisations. This
prints, per report, p50 and p99 under --connections readers (wrk), the share of its answers that
were kept, and how far behind the newest event the read models were at the end, with sharing on and
off.

    .venv/bin/python bench/live_reports_bench.py [--events 1000000] [--label REV] [--writes 20]
                                                 [--founding-every 50] [--seconds 5]

The history and its read models are the reports benchmark's (`reports_bench.prepared`, --workdir);
they are copied first, so the kept ones never see the writes.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import sqlite3
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
from niangjia_contracts import CareActivityHeld, DomainEvent, EventMetadata, FederationFounded
from niangjia_contracts.codec import encode_event, encode_metadata
from niangjia_eventstore import NewEvent, StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.projection import ModelFiles
from pace import offer
from reports_bench import LUA, history_options, measure, prepared, scopes, serve, url_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.processes import issue_token
from tests.support.samples import FOUNDED, HELD

REPORTS = ["quarters", "founded", "members", "counts_level", "campaigns", "dormant"]


def organisers(data: Path) -> list[tuple[str, str, str]]:
    """(kind, id, region) of the standing organisations of the copied read models."""
    conn = sqlite3.connect(ModelFiles(data / "read-models").current("organisations") or "")
    rows = conn.execute(
        "SELECT org_type, org_id, region FROM org o"
        " WHERE NOT EXISTS (SELECT 1 FROM org_change c WHERE c.org_id = o.org_id AND c.change = 'ended')"
    ).fetchall()
    conn.close()
    return [(str(kind), str(org_id), str(region)) for kind, org_id, region in rows]


def new_event(event: DomainEvent, on: date) -> NewEvent:
    meta = EventMetadata(
        schema_version=1,
        occurred_on=on,
        actor="bench-recorder",
        command_id=uuid.uuid4(),
        correlation_id=uuid.uuid4(),
        source=event.source,
    )
    return NewEvent(
        event_id=uuid.uuid4(), type=event.event_type, data=encode_event(event), metadata=encode_metadata(meta)
    )


class Writer:
    """Records activities of standing organisations at `rate` a second (every `founding_every`-th
    write a federation founded instead) into the copied store, on its own thread, until stopped."""

    def __init__(self, store: Path, standing: list[tuple[str, str, str]], rate: float, founding_every: int) -> None:
        self.store, self.standing, self.rate, self.founding_every = store, standing, rate, founding_every
        self.rng = random.Random(7)
        self.written = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _event(self, n: int) -> tuple[str, NewEvent]:
        day = date(2025, 12, 1 + n % 28)
        if self.founding_every and n % self.founding_every == self.founding_every - 1:
            _, _, region = self.rng.choice(self.standing)
            fed_id = f"live-{uuid.uuid4().hex[:12]}"
            founded = FederationFounded.model_validate(FOUNDED | {"federation_id": fed_id, "region": region})
            return f"federation-{fed_id}", new_event(founded, day)
        kind, org_id, region = self.rng.choice(self.standing)
        act_id = f"live-{uuid.uuid4().hex[:12]}"
        facts = {"activity_id": act_id, "organiser_id": org_id, "organiser_kind": kind, "region": region}
        held = CareActivityHeld.model_validate(HELD | facts | {"held_on": day, "campaign": "winter_skills"})
        return f"care_activity-{act_id}", new_event(held, day)

    async def _run(self) -> None:
        store = SQLiteEventStore(self.store, synchronous="NORMAL")

        async def one(n: int) -> None:
            stream, event = self._event(self.written + n)
            await store.append(stream, [event], StreamState.NO_STREAM)

        while not self._stop.is_set():
            await offer(self.rate, 1.0, one)
            self.written += int(self.rate)
        await store.close()


def answers(base: str, token: str) -> tuple[dict[str, float], float]:
    """The answers given so far by how (kept, joined, computed), and how far behind the newest event
    the read models are now (seconds, the most behind)."""
    text = httpx.get(base + "/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=30).text
    given = {
        how: float(n) for how, n in re.findall(r'^niangjia_report_answers_total\{how="(\w+)"\} (\S+)$', text, re.M)
    }
    behind = [float(s) for s in re.findall(r"^niangjia_projection_lag_seconds\{[^}]*\} (\S+)$", text, re.M)]
    return given, max(behind, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    history_options(parser)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--writes", type=float, default=20.0, help="events recorded a second")
    parser.add_argument("--founding-every", type=int, default=50, help="one write in this many founds a federation")
    parser.add_argument("--only", default=",".join(REPORTS))
    parser.add_argument("--scopes", default="national,county")
    parser.add_argument("--answers", default="shared,computed")
    args = parser.parse_args()
    kept_store, kept_data, label = prepared(args)
    regions = scopes(kept_data)
    for mode in args.answers.split(","):
        copy = args.workdir / "live-copy"
        shutil.rmtree(copy, ignore_errors=True)
        copy.mkdir()
        store = copy / kept_store.name
        for suffix in ("", "-tail"):
            shutil.copyfile(f"{kept_store}{suffix}", f"{store}{suffix}")
        data = copy / "data"
        shutil.copytree(kept_data / "read-models", data / "read-models", symlinks=True)
        token = issue_token(data / "tokens.json", "bench-reporter", "reporter", None)
        script = data / "reader.lua"
        script.write_text(LUA.replace("TOKEN", token), encoding="utf-8")
        service = serve(store, data, mode)
        writer = Writer(store, organisers(data), args.writes, args.founding_every)
        writer.start()
        try:
            time.sleep(2)
            for scope_name in args.scopes.split(","):
                for report in args.only.split(","):
                    path = url_of(report, regions[scope_name], "")
                    before, _ = answers(service.url, token)
                    tool, figures = measure(service.url, token, path, args, script)
                    after, behind = answers(service.url, token)
                    asked = sum(after.values()) - sum(before.values())
                    kept = (
                        after.get("kept", 0) + after.get("joined", 0) - before.get("kept", 0) - before.get("joined", 0)
                    )
                    share = f"{100 * kept / asked:5.1f} %" if asked else "   – "
                    print(
                        f"{report:12} {scope_name:8} {mode:8} p50 {figures['p50_ms']:8.1f} ms  p99 {figures['p99_ms']:8.1f} ms"
                        f"  kept {share}  read models {behind:5.2f} s behind  ({figures['requests']:.0f} requests, {tool})",
                        flush=True,
                    )
        finally:
            writer.stop()
            service.stop()
        print(f"{mode}: {writer.written:,} events written at {args.writes:g}/s beside the readers")
        shutil.rmtree(copy, ignore_errors=True)
    print(f"code {label} read models, {args.events:,} events, {args.connections} readers")


if __name__ == "__main__":
    main()
