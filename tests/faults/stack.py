"""What the fault tests do to a running `niangjia up`: record federations, wait for health, read the
store, the read models and the NATS stream as an integrator would."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from niangjia_eventstore import SQLiteEventStore
from niangjia_kit.projection import ModelFiles
from niangjia_projections.rebuild.read_models import rebuild_models

from tests.e2e.deploy.commands import federation
from tests.e2e.deploy.read_models import Dump, dump
from tests.e2e.up.stack import Stack
from tests.support.nats import stream_message_ids

SERVICES = ("orgs", "activities", "projections", "relay")


@dataclass
class Recorder:
    """Sends federation commands, each with its own Idempotency-Key, and remembers the acknowledged."""

    stack: Stack
    acknowledged: dict[str, str] = field(default_factory=dict)
    """Idempotency-Key -> federation id, for every 201."""
    sent: int = 0

    def send(self, key: str | None = None) -> httpx.Response:
        key = key or str(uuid.uuid4())
        self.sent += 1
        response = httpx.post(
            f"{self.stack.urls.orgs}/federations",
            json=federation(self.sent),
            headers={"Authorization": f"Bearer {self.stack.token}", "Idempotency-Key": key},
            timeout=30,
        )
        if response.status_code == 201:
            self.acknowledged[key] = str(response.json()["id"])
        return response


def health(stack: Stack, service: str) -> httpx.Response:
    port = {"orgs": stack.ports.orgs, "activities": stack.ports.activities}.get(service)
    port = port or {"projections": stack.ports.projections, "relay": stack.ports.relay}[service]
    return httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)


def wait_until_healthy(stack: Stack, within: float) -> float:
    """Seconds until every service's /health is 200 and the projections and relay have caught up."""
    began = time.monotonic()
    deadline = began + within
    last: dict[str, object] = {}
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            answers = {name: health(stack, name) for name in SERVICES}
            last = {name: a.json() for name, a in answers.items()}
            position = answers["orgs"].json()["store_position"]
            if (
                all(a.status_code == 200 for a in answers.values())
                and all(p["checkpoint"] == position for p in answers["projections"].json()["projections"])
                and answers["relay"].json()["last_acked_position"] == position
            ):
                return time.monotonic() - began
        time.sleep(0.2)
    raise AssertionError(f"not healthy and caught up within {within}s: {last}")


def stored_event_ids(events: Path) -> tuple[list[str], Counter[str]]:
    """Every event id of the store in position order, and how many events each stream holds."""
    with contextlib.closing(sqlite3.connect(f"{events.as_uri()}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT event_id, stream_id FROM events ORDER BY position").fetchall()
    return [str(uuid.UUID(bytes=row[0])) for row in rows], Counter(row[1] for row in rows)


def published_event_ids(stack: Stack) -> list[str]:
    """The message ids of the events' stream (what an integrator reads); it holds events alone."""
    seed = stack.data_dir / "broker" / "relay.nk"
    url = f"nats://127.0.0.1:{stack.ports.nats}"
    return asyncio.run(stream_message_ids(url, "NIANGJIA_EVENTS", seed))


def rebuilt_read_models(events: Path, into: Path) -> Dump:
    """The read models rebuilt from the store in a fresh folder."""

    async def go() -> None:
        store = SQLiteEventStore(events)
        try:
            await rebuild_models(store, ModelFiles(into))
        finally:
            await store.close()

    asyncio.run(go())
    return without_checkpoint_counters(dump(into))


def without_checkpoint_counters(models: Dump) -> Dump:
    """The rows of every model; its `_projection` row only as name and position (a live run counts
    applied events, a rebuild counts the same: kept, but the timing columns are not compared)."""
    out: Dump = {}
    for model, tables in models.items():
        out[model] = {t: rows for t, rows in tables.items() if t != "_projection"}
        out[model]["_projection"] = [row[:3] for row in tables.get("_projection", [])]
    return out
