"""What integrators are promised: the committed AsyncAPI document, the docs' snippet, the example."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import re
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from niangjia_eventstore import SQLiteEventStore, StreamState
from niangjia_relay.broker import asyncapi_document, build_broker
from niangjia_relay.checkpoints import CHECKPOINT_SUBJECT
from niangjia_relay.messages import known_subjects
from niangjia_relay.relay import Relay
from niangjia_relay.settings import RelaySettings

from tests.support.nats import NatsServer, event_batch

ROOT = Path(__file__).resolve().parents[3]
ASYNCAPI = ROOT / "services" / "relay" / "asyncapi.json"
DOCS = ROOT / "docs" / "integrators.md"
EXAMPLE = ROOT / "examples" / "integrator" / "integrator.py"
REGENERATE = "faststream docs gen --factory niangjia_relay.broker:asyncapi_app -o services/relay/asyncapi.json"


def test_committed_asyncapi_document_is_what_the_relay_generates() -> None:
    committed = json.loads(ASYNCAPI.read_text(encoding="utf-8"))
    assert committed == asyncapi_document(), f"services/relay/asyncapi.json drifted: run `{REGENERATE}`"


def test_asyncapi_document_names_every_subject_with_its_contract_schema() -> None:
    document = asyncapi_document()
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses == {*known_subjects().values(), CHECKPOINT_SUBJECT}
    assert set(known_subjects()) <= set(document["components"]["schemas"])


def load_module(name: str, source: str, tmp: Path) -> ModuleType:
    path = tmp / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def docs_snippet() -> str:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"<!-- snippet: subscribe -->\n```python\n(.*?)```", text, re.DOTALL)
    assert found, "docs/integrators.md lost its subscribe snippet"
    return found.group(1)


async def relay_everything(store: SQLiteEventStore, server: NatsServer, tmp: Path) -> None:
    settings = RelaySettings(nats_url=server.url, data_dir=tmp, nats_nkey_file=server.relay_seed)
    relay = Relay(store, build_broker(settings), settings)
    task = asyncio.create_task(relay.run())
    target = await store.last_position()
    deadline = time.monotonic() + 30
    while relay.status.checkpoint < target:
        assert time.monotonic() < deadline, relay.status
        assert not task.done()
        await asyncio.sleep(0.02)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await relay.stop()


async def wait_until(condition: Any, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


def test_docs_snippet_and_example_integrator_receive_every_event(
    nats_server: NatsServer, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("NIANGJIA_NATS_URL", nats_server.url)
    key = nats_server.credentials.add_integrator("docs", "the docs' integrator")  # tokens create does this
    nats_server.reload()
    monkeypatch.setenv("NIANGJIA_NATS_NKEY_FILE", str(key))
    snippet = load_module("integrators_snippet", docs_snippet(), tmp_path)
    example = load_module("example_integrator", EXAMPLE.read_text(encoding="utf-8"), tmp_path)

    async def scenario() -> None:
        store = SQLiteEventStore(tmp_path / "events.db", synchronous="NORMAL")
        for stream_id, events in event_batch(60, prefix="d"):
            await store.append(stream_id, events, StreamState.NO_STREAM)
        await relay_everything(store, nats_server, tmp_path)
        stored = await store.read_all(0, 1000)
        founded_ids = {str(e.event_id) for e in stored if e.type == "FederationFounded"}

        # the docs' snippet: typed handler, durable consumer, one at a time
        await snippet.broker.start()
        await wait_until(lambda: set(snippet.founded) == founded_ids, "the snippet's handler")
        await snippet.broker.stop()

        # the example: every subject, validated, counted once per event id, resumes after a stop
        tally = example.Tally(tmp_path / "tally.db")
        app = example.build(nats_server.url, tally, key)
        await app.broker.start()
        await wait_until(lambda: tally.total() == len(stored), "the example's tally")
        await app.broker.stop()
        for stream_id, events in event_batch(20, prefix="late"):
            await store.append(stream_id, events, StreamState.NO_STREAM)
        await relay_everything(store, nats_server, tmp_path)
        app = example.build(nats_server.url, tally, key)
        await app.broker.start()
        await wait_until(lambda: tally.total() == len(stored) + 20, "the example after a restart")
        await app.broker.stop()
        everything = await store.read_all(0, 1000)
        assert tally.positions() == [e.position for e in everything], "in store order, each once"
        again = example.Envelope.model_validate(
            {
                "schema_version": 1,
                "occurred_on": "2026-03-01",
                "actor": "x",
                "command_id": everything[0].event_id,
                "correlation_id": everything[0].event_id,
                "source": "orgs",
                "event_id": everything[0].event_id,
                "event_type": everything[0].type,
                "stream_id": everything[0].stream_id,
                "stream_version": 0,
                "position": everything[0].position,
                "recorded_at": everything[0].recorded_at,
            }
        )
        assert tally.record(again) is False, "a redelivered event is not counted twice"
        await store.close()

    asyncio.run(scenario())
