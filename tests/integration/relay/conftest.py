"""Fixtures for the relay's integration tests: a real nats-server, a SQLite store, the relay as a process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import nats
import pytest
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from niangjia_eventstore import SQLiteEventStore, StreamState

from tests.integration.relay.cluster import NatsCluster
from tests.support.nats import NatsServer, connect, event_batch
from tests.support.nats import nats_server as nats_server  # the fixture
from tests.support.processes import VENV_BIN, ServiceProcess, free_port, start_service

STREAM = "NIANGJIA_EVENTS"


@dataclass
class RelayRig:
    """A store file, a NATS server and the relay processes started on them."""

    tmp: Path
    nats: NatsServer | NatsCluster  # `url`: one server, or every node of the cluster comma-separated
    store_path: Path
    relays: list[ServiceProcess] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # more NIANGJIA_ settings for the relays

    @property
    def env(self) -> dict[str, str]:
        return {
            "NIANGJIA_DATA_DIR": str(self.tmp / "data"),
            "NIANGJIA_STORE_URL": f"sqlite:///{self.store_path}?synchronous=NORMAL",
            "NIANGJIA_NATS_URL": self.nats.url,
            "NIANGJIA_NATS_NKEY_FILE": str(self.nats.relay_seed),
            "NIANGJIA_PUBLISH_TIMEOUT": "2",
            "NIANGJIA_RECONNECT_WAIT": "0.2",
            "NIANGJIA_LOG_LEVEL": "INFO",
            **self.settings,
        }

    def integrator_seed(self, name: str = "acceptance") -> Path:
        """A subscribe-only NKEY seed for an integrator (created once per name)."""
        credentials = self.nats.credentials
        existing = credentials.seed_path(name)
        if existing.exists():
            return existing
        path = credentials.add_integrator(name, f"integrator {name}")
        self.nats.reload()
        return path

    def start_relay(self) -> ServiceProcess:
        relay = start_service("relay", env=self.env, log_dir=self.tmp)
        self.relays.append(relay)
        return relay

    def health(self, relay: ServiceProcess) -> dict[str, object]:
        body: dict[str, object] = httpx.get(relay.url + "/health", timeout=5.0).json()
        return body

    def acked(self, relay: ServiceProcess) -> int:
        """The relay's last acknowledged store position."""
        return int(str(self.health(relay)["last_acked_position"]))

    def wait_caught_up(self, relay: ServiceProcess, position: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        body: dict[str, object] = {}
        while time.monotonic() < deadline:
            try:
                body = self.health(relay)
            except httpx.HTTPError:
                body = {}
            if body.get("last_acked_position") == position:
                return
            time.sleep(0.1)
        raise AssertionError(f"relay not caught up to {position}: {body}\n{relay.log()[-3000:]}")


@contextmanager
def rigged(tmp: Path, nats: NatsServer | NatsCluster, store_path: Path, **settings: str) -> Iterator[RelayRig]:
    """A rig on a new store at `store_path`, its relays stopped at the end."""
    SQLiteEventStore(store_path).close_sync()  # create the schema before any process opens it
    rig = RelayRig(tmp=tmp, nats=nats, store_path=store_path, settings=settings)
    try:
        yield rig
    finally:
        for relay in rig.relays:
            relay.stop()


@pytest.fixture
def rig(tmp_path: Path, nats_server: NatsServer) -> Iterator[RelayRig]:
    with rigged(tmp_path, nats_server, tmp_path / "events.db") as made:
        yield made


class Appender(threading.Thread):
    """Appends `n` events to the store in small commits, pausing between them, in a thread."""

    def __init__(
        self, store_path: Path, n: int, *, prefix: str = "f", pause: float = 0.005, per_stream: int = 10
    ) -> None:
        super().__init__(daemon=True)
        self.appends = event_batch(n, per_stream=per_stream, prefix=prefix)
        self.store_path = store_path
        self.pause = pause
        self.done = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        store = SQLiteEventStore(self.store_path, synchronous="NORMAL")
        try:
            for stream_id, events in self.appends:
                store.append_sync(stream_id, events, StreamState.NO_STREAM)
                self.done += len(events)
                time.sleep(self.pause)
        except BaseException as error:
            self.error = error
        finally:
            store.close_sync()


def store_ids(store_path: Path) -> list[str]:
    store = SQLiteEventStore(store_path)
    try:
        ids: list[str] = []
        after = 0
        while page := store.read_all_sync(after, 5000):
            ids.extend(str(e.event_id) for e in page)
            after = page[-1].position
        return ids
    finally:
        store.close_sync()


def consume_all(
    url: str, expected: int, seed: Path, durable: str = "acceptance", timeout: float = 60.0
) -> list[tuple[str, int]]:
    """Every message a durable pull consumer receives with the NKEY `seed` (an integrator's):
    (event id, store position), in delivery order."""

    async def run() -> list[tuple[str, int]]:
        nc = await connect(url, seed)
        js = nc.jetstream()
        sub = await js.pull_subscribe(
            "niangjia.>",
            durable=durable,
            stream=STREAM,
            config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.EXPLICIT),
        )
        got: list[tuple[str, int]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                batch = await sub.fetch(500, timeout=1.0)
            except (nats.errors.TimeoutError, TimeoutError):  # nats-py raises either when idle
                if len(got) >= expected:
                    break
                continue
            for message in batch:
                headers = message.headers or {}
                got.append((headers["Nats-Msg-Id"], int(headers["Niangjia-Position"])))
                await message.ack()
        await nc.close()
        return got

    return asyncio.run(run())


def stream_config(url: str, seed: Path) -> dict[str, object]:
    async def run() -> dict[str, object]:
        nc = await connect(url, seed)
        info = await nc.jetstream().stream_info(STREAM)
        await nc.close()
        return {"duplicate_window": info.config.duplicate_window, "messages": info.state.messages}

    return asyncio.run(run())


def run_relay_until_exit(env: dict[str, str], log_path: Path, timeout: float = 30.0) -> tuple[int, str]:
    full_env = {**os.environ, **env, "NIANGJIA_PORT": str(free_port())}
    with open(log_path, "wb") as log:
        process = subprocess.run(
            [str(VENV_BIN / "niangjia-relay")], env=full_env, stdout=log, stderr=subprocess.STDOUT, timeout=timeout
        )
    return process.returncode, log_path.read_text(encoding="utf-8", errors="replace")


Waiter = Callable[[], bool]


def wait_for(condition: Waiter, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
