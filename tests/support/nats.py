"""A real JetStream server for tests (the pinned nats-server), and contract events to feed the relay.

    def test_x(nats_server: NatsServer) -> None:
        nats_server.url          # nats://127.0.0.1:<free port>
        nats_server.stop(); nats_server.start()   # same port, same store

Register the fixture in a conftest.py with `from tests.support.nats import nats_server  # noqa: F401`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client
from niangjia_contracts import (
    CareActivityHeld,
    DomainEvent,
    EventMetadata,
    FederationFounded,
    FederationInspected,
    encode_event,
    encode_metadata,
)
from niangjia_eventstore import NewEvent
from niangjia_relay.nats_server import NatsServer

__all__ = [
    "NatsServer",
    "connect",
    "event_batch",
    "nats_server",
    "new_event",
    "on_loopback",
    "region_of",
    "stream_message_ids",
    "stream_messages",
]

REGIONS = ("江苏省/常州市/武进区/湖塘镇", "江苏省/常州市/新北区", "浙江省/杭州市/西湖区")
_NAMESPACE = uuid.UUID("6f1f8f52-0c2b-4c55-9a51-3d0d1d1b7a10")


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A JetStream server on a free port with its store in the test's temporary folder."""
    server = NatsServer(tmp_path / "nats").start()
    try:
        yield server
    finally:
        server.stop()


async def connect(url: str, seed: Path, **options: Any) -> Client:
    """A NATS connection with the NKEY seed in `seed`; `url` may name several servers, comma-separated."""
    import nats

    return await nats.connect(url.split(","), nkeys_seed=str(seed), **options)


async def stream_messages(url: str, stream: str, seed: Path) -> list[tuple[str, bytes, dict[str, str]]]:
    """Every message in `stream` as (subject, body, headers), in stream order (what an integrator
    reads), read with the NKEY seed in `seed`; `url` may name several servers, comma-separated."""
    connection = await connect(url, seed)
    try:
        js = connection.jetstream()
        info = await js.stream_info(stream)
        found = []
        for sequence in range(info.state.first_seq, info.state.last_seq + 1):
            message = await js.get_msg(stream, sequence)
            found.append((message.subject or "", message.data or b"", dict(message.headers or {})))
        return found
    finally:
        await connection.close()


async def stream_message_ids(url: str, stream: str, seed: Path) -> list[str]:
    """Every message's Nats-Msg-Id in `stream`, in stream order."""
    return [headers["Nats-Msg-Id"] for _, _, headers in await stream_messages(url, stream, seed)]


def on_loopback(text: str, *, client: int, monitor: int, route: int, routes: Mapping[str, int], store_dir: Path) -> str:
    """A NATS node's config from deploy/, run here: its client, monitoring and cluster listeners on
    loopback ports, its routes to the other nodes' route ports (`routes`, by node name), its store in
    `store_dir`, at most 1GB of file store."""
    text = re.sub(r"(?m)^listen: 0\.0\.0\.0:4222", f"listen: 127.0.0.1:{client}", text)
    text = re.sub(r"(?m)^http: 0\.0\.0\.0:8222", f"http: 127.0.0.1:{monitor}", text)
    text = re.sub(r"(?m)^(\s+)listen: 0\.0\.0\.0:6222", rf"\g<1>listen: 127.0.0.1:{route}", text)
    text = re.sub(r"nats://([\w-]+):6222", lambda m: f"nats://127.0.0.1:{routes[m.group(1)]}", text)
    text = text.replace("store_dir: /data/", f"store_dir: {store_dir}/")
    text = re.sub(r"max_file_store: \S+", "max_file_store: 1GB", text)
    assert "0.0.0.0" not in text and "/data/" not in text, text
    return text


def region_of(n: int) -> str:
    return REGIONS[n % len(REGIONS)]


def new_event(event: DomainEvent, key: str, source: str | None = None) -> NewEvent:
    """A contract event ready to append, with an envelope; its id follows from `key`."""
    metadata = EventMetadata(
        schema_version=type(event).schema_version,
        occurred_on=date(2026, 3, 1),
        actor="测试员",
        command_id=uuid.uuid5(_NAMESPACE, "command:" + key),
        correlation_id=uuid.uuid5(_NAMESPACE, "correlation:" + key),
        source=source or type(event).source,
    )
    return NewEvent(
        event_id=uuid.uuid5(_NAMESPACE, "event:" + key),
        type=type(event).event_type,
        data=encode_event(event),
        metadata=encode_metadata(metadata),
    )


def event_batch(n: int, per_stream: int = 10, prefix: str = "f") -> list[tuple[str, list[NewEvent]]]:
    """Appends for `n` events: per federation, a founding then inspections (no region of their own),
    and every tenth stream a care activity instead. Returns (stream id, events) pairs."""
    appends: list[tuple[str, list[NewEvent]]] = []
    made = 0
    stream = 0
    while made < n:
        count = min(per_stream, n - made)
        entity = f"{prefix}{stream}"
        if stream % 10 == 9:
            events = [new_event(_activity(f"{entity}-{i}", stream), f"{entity}:{i}") for i in range(count)]
            appends.extend((f"care_activity-{entity}-{i}", [event]) for i, event in enumerate(events))
        else:
            events = [new_event(_founded(entity, stream), f"{entity}:0")]
            events += [new_event(_inspected(entity), f"{entity}:{i}") for i in range(1, count)]
            appends.append((f"federation-{entity}", events))
        made += count
        stream += 1
    return appends


def _founded(entity: str, n: int) -> FederationFounded:
    return FederationFounded.model_validate(
        {
            "federation_id": entity,
            "name": f"新业态妇联 {n}",
            "kind": "federation",
            "domain": "emerging_industry",
            "level": "town",
            "region": region_of(n),
            "host_organisation": "快递行业协会",
            "founded_on": "2026-01-10",
            "women_members": 30 + n % 50,
        }
    )


def _inspected(entity: str) -> FederationInspected:
    return FederationInspected.model_validate(
        {"federation_id": entity, "inspected_on": "2026-02-01", "finding": "active"}
    )


def _activity(entity: str, n: int) -> CareActivityHeld:
    return CareActivityHeld.model_validate(
        {
            "activity_id": entity,
            "organiser_id": f"f{n}",
            "organiser_kind": "federation",
            "region": region_of(n),
            "held_on": "2026-02-14",
            "title": "关爱活动",
            "people_served": 12,
            "volunteers": 3,
            "goods_value_yuan": "150.00",
        }
    )
