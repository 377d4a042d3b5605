"""The HTTP feed served by a real uvicorn: pages, filters, tokens, SSE resumed with Last-Event-ID, and the
ledger's checkpoints in the SSE stream when asked for (as `checkpoint` events without an id)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from niangjia_contracts import region_within
from niangjia_eventstore import SQLiteEventStore, StreamState
from niangjia_kit.http import create_service_app
from niangjia_kit.settings import ServiceSettings
from niangjia_ledger.keys import Signer, load_or_create_signing_key
from niangjia_ledger.runner import Ledger
from niangjia_ledger.state import LedgerFile
from niangjia_projections import feed
from niangjia_verifier import Checkpoint

from tests.support.nats import event_batch
from tests.support.processes import free_port, issue_token


@dataclass
class FeedServer:
    url: str
    store: SQLiteEventStore
    token: str
    tokens_file: Path


def append(store: SQLiteEventStore, n: int, prefix: str) -> None:
    for stream_id, events in event_batch(n, prefix=prefix):
        store.append_sync(stream_id, events, StreamState.NO_STREAM)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FeedServer]:
    store = SQLiteEventStore(tmp_path / "events.db", synchronous="NORMAL")
    settings = ServiceSettings(data_dir=tmp_path)
    app = create_service_app(service="feed", title="feed", settings=settings, routers=[feed.router], store=store)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    token = issue_token(settings.tokens_path, "partner-system", "integrator")
    try:
        yield FeedServer(f"http://127.0.0.1:{port}", store, token, settings.tokens_path)
    finally:
        uv.should_exit = True
        thread.join(10)
        store.close_sync()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def read_sse(response: httpx.Response, want: int) -> Iterator[tuple[int, dict[str, object]]]:
    """(id, data) of each event in the response, until `want` of them."""
    got = 0
    fields: dict[str, str] = {}
    for line in response.iter_lines():
        if line == "":
            if "id" in fields and "data" in fields:
                yield int(fields["id"]), json.loads(fields["data"])
                got += 1
                if got == want:
                    return
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


def test_sse_client_disconnected_and_resumed_with_last_event_id_gets_every_event_once(server: FeedServer) -> None:
    append(server.store, 500, "a")
    received: list[tuple[int, str]] = []
    with httpx.Client(timeout=30.0) as client:
        with client.stream("GET", server.url + "/feed/stream", headers=auth(server.token)) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            for position, item in read_sse(response, 200):
                received.append((position, str(item["envelope"]["event_id"])))  # type: ignore[index]
        # the client went away mid-stream; more events arrive meanwhile
        append(server.store, 300, "b")
        last_id = str(received[-1][0])
        headers = {**auth(server.token), "Last-Event-ID": last_id}
        with client.stream("GET", server.url + "/feed/stream", headers=headers) as response:
            for position, item in read_sse(response, 600):
                received.append((position, str(item["envelope"]["event_id"])))  # type: ignore[index]
    stored = server.store.read_all_sync(0, 10_000)
    assert [p for p, _ in received] == [e.position for e in stored]
    assert [i for _, i in received] == [str(e.event_id) for e in stored]


def test_pages_follow_next_after_to_the_end_with_filters(server: FeedServer) -> None:
    append(server.store, 400, "p")
    stored = server.store.read_all_sync(0, 10_000)
    with httpx.Client(base_url=server.url, headers=auth(server.token), timeout=30.0) as client:
        after, seen = 0, []
        while True:
            page = client.get("/feed", params={"after": after, "limit": 70}).json()
            seen += [item["position"] for item in page["events"]]
            after = page["next_after"]
            if not page["has_more"]:
                break
        assert seen == [e.position for e in stored]

        region = "江苏省/常州市"
        page = client.get(
            "/feed", params={"limit": 1000, "region": region, "types": "FederationFounded,FederationInspected"}
        ).json()
        items = page["events"]
        founded = {
            i["envelope"]["stream_id"]: i["event"]["region"] for i in items if i["event_type"] == "FederationFounded"
        }
        assert founded and all(region_within(r, region) for r in founded.values())
        inspected = [i for i in items if i["event_type"] == "FederationInspected"]
        assert inspected, "events without a region of their own take their entity's"
        assert all(i["envelope"]["stream_id"] in founded for i in inspected)
        assert not [i for i in items if i["event_type"] == "CareActivityHeld"]


def test_feed_needs_an_integrator_token_and_valid_filters(server: FeedServer) -> None:
    with httpx.Client(base_url=server.url, timeout=10.0) as client:
        assert client.get("/feed").status_code == 401
        assert client.get("/feed/stream").status_code == 401
        recorder = issue_token(server.tokens_file, "clerk", "recorder")
        assert client.get("/feed", headers=auth(recorder)).status_code == 403
        bad_type = client.get("/feed", params={"types": "Nope"}, headers=auth(server.token))
        assert bad_type.status_code == 422
        assert bad_type.json()["error"]["code"] == "invalid_query"
        assert client.get("/feed", params={"region": "a//b"}, headers=auth(server.token)).status_code == 422
        assert client.get("/feed", params={"limit": 0}, headers=auth(server.token)).status_code == 422
        scoped = issue_token(server.tokens_file, "county-partner", "integrator", "浙江省")
        assert client.get("/feed", params={"region": "江苏省"}, headers=auth(scoped)).status_code == 403
        bad_resume = client.get("/feed/stream", headers={**auth(server.token), "Last-Event-ID": "x"})
        assert bad_resume.status_code == 422


Field = dict[str, str]


def sse_items(response: httpx.Response) -> Iterator[Field]:
    """Each SSE event of the response as its fields (event, id, data)."""
    fields: Field = {}
    for line in response.iter_lines():
        if line == "":
            if "data" in fields:
                yield fields
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")


def sync_ledger(folder: Path) -> Signer:
    """What the projections service's ledger does: take in the store's new events and sign."""
    signer = Signer(load_or_create_signing_key(folder / "ledger.key")[0])

    async def run() -> None:
        state = LedgerFile(folder / "ledger.db")
        async with SQLiteEventStore(folder / "events.db") as store:
            await Ledger(store, state, signer).catch_up()
        state.close()

    asyncio.run(run())
    return signer


def test_the_stream_carries_the_latest_checkpoint_then_each_new_one(server: FeedServer, tmp_path: Path) -> None:
    append(server.store, 40, "a")
    signer = sync_ledger(tmp_path)
    params = {"checkpoints": "true"}
    events: list[int] = []
    checkpoints: list[Checkpoint] = []
    with (
        httpx.Client(timeout=30.0) as client,
        client.stream("GET", server.url + "/feed/stream", params=params, headers=auth(server.token)) as response,
    ):
        assert response.status_code == 200
        for item in sse_items(response):
            if item.get("event") == "checkpoint":
                assert "id" not in item, "a checkpoint must not move Last-Event-ID"
                checkpoint = Checkpoint.from_json(json.loads(item["data"]))
                checkpoint.verify(signer.public_key)
                checkpoints.append(checkpoint)
                if checkpoint.tree_size == 40:
                    append(server.store, 25, "b")  # more events, and a newer checkpoint of them
                    sync_ledger(tmp_path)
            else:
                events.append(int(item["id"]))
                assert json.loads(item["data"])["position"] == events[-1]
            if len(events) == 65 and checkpoints[-1].tree_size == 65:
                break
    assert [c.tree_size for c in checkpoints] == [40, 65]
    assert events == list(range(1, 66))


def test_without_asking_the_stream_has_events_only(server: FeedServer, tmp_path: Path) -> None:
    append(server.store, 30, "a")
    sync_ledger(tmp_path)
    with httpx.Client(timeout=30.0) as client:
        with client.stream("GET", server.url + "/feed/stream", headers=auth(server.token)) as response:
            kinds = []
            for item in sse_items(response):
                kinds.append(item["event"])
                if len(kinds) == 30:
                    break
        assert "checkpoint" not in kinds, "the ledger signed one, but it was not asked for"
        bad = client.get(server.url + "/feed/stream", params={"checkpoints": "maybe"}, headers=auth(server.token))
        assert bad.status_code == 422


def test_every_event_of_the_stream_is_as_the_openapi_document_describes_it(server: FeedServer, tmp_path: Path) -> None:
    import jsonschema_rs

    from tests.unit.openapi.test_documents import document

    append(server.store, 30, "a")
    sync_ledger(tmp_path)
    openapi = document("projections", tmp_path / "doc")
    described = openapi["paths"]["/feed/stream"]["get"]["responses"]["200"]["content"]["text/event-stream"]
    one_event = jsonschema_rs.validator_for(described["schema"])  # oneOf: a recorded event or a checkpoint
    data_schema = {  # the schema of each kind's `data`, read as JSON
        kind: jsonschema_rs.validator_for({**branch["properties"]["data"]["contentSchema"], **openapi})
        for kind, branch in zip(("recorded", "checkpoint"), described["schema"]["oneOf"], strict=True)
    }

    seen: list[str] = []
    with (
        httpx.Client(timeout=30.0) as client,
        client.stream(
            "GET", server.url + "/feed/stream", params={"checkpoints": "true"}, headers=auth(server.token)
        ) as response,
    ):
        for item in sse_items(response):
            kind = "checkpoint" if item["event"] == "checkpoint" else "recorded"
            one_event.validate(item)
            data_schema[kind].validate(json.loads(item["data"]))
            assert not data_schema[kind].is_valid({"position": "x"})  # the data's schema can refuse
            assert not one_event.is_valid({**item, "id": "x"})
            seen.append(kind)
            if seen.count("recorded") == 30 and "checkpoint" in seen:
                break
    assert seen.count("checkpoint") == 1
