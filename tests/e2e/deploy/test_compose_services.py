"""Start every service as a process with exactly the environment its compose file gives its container.

Addresses are mapped to loopback, container paths to temporary folders (one per volume or bind
mount, as compose would share them), EventStoreDB to one SQLite file (no Docker engine here), and
NATS to nats-server processes running the compose file's own NATS configuration files. Any other
setting is passed as written, so a setting the code does not accept, a wrong port, or a health
check that does not work fails here rather than in production.

Two copies at once: the cluster file runs the relay twice and projections as two services; here
they run side by side on one store while commands are written. The integrator must see every event
exactly once in the stream, in the store's order, and the ledger's checkpoints each once in theirs;
each projections copy must hold exactly the read models one runner builds from the store.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from niangjia_eventstore import SQLiteEventStore
from niangjia_kit.projection import ModelFiles
from niangjia_ledger.keys import create_signing_key
from niangjia_projections.rebuild.read_models import rebuild_models
from niangjia_projections.settings import ProjectionsSettings

from tests.e2e.deploy.commands import REGION, federation
from tests.e2e.deploy.compose_file import CLUSTER, SINGLE, Service, niangjia_services, services
from tests.e2e.deploy.compose_stack import (
    local_environment,
    start_nats,
    stream_replicas,
    wait_reloaded,
)
from tests.e2e.deploy.read_models import dump, row_count
from tests.support.nats import stream_message_ids, stream_messages
from tests.support.processes import VENV_BIN, ServiceProcess, free_port, issue_token, start_service

pytestmark = pytest.mark.e2e


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("NIANGJIA_"):
            monkeypatch.delenv(name)


def copies(service: Service) -> int:
    """The relay runs as many copies as compose would start; each projections copy is its own service.
    orgs and activities copies share nothing but the store (its multi-process tests cover that)."""
    if service.command[0] == "niangjia-relay":
        return int(service.raw.get("deploy", {}).get("replicas", 1))
    return 1


def wait_until(done: Callable[[], bool], process: ServiceProcess, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"{process.name} {what}:\n{process.log()[-3000:]}"
        time.sleep(0.2)


async def store_ids(store: Path) -> list[str]:
    events = SQLiteEventStore(store)
    try:
        return [str(e.event_id) for e in await events.read_all(0, 1_000_000)]
    finally:
        await events.close()


async def rebuild_once(store: Path, directory: Path) -> None:
    events = SQLiteEventStore(store)
    try:
        await rebuild_models(events, ModelFiles(directory))
    finally:
        await events.close()


@pytest.mark.usefixtures("clean_environment")
@pytest.mark.parametrize("path", [SINGLE, CLUSTER], ids=["single", "cluster"])
def test_every_service_comes_up_healthy_with_its_compose_environment(path: Path, tmp_path: Path) -> None:
    compose = services(path)
    store = tmp_path / "eventstore" / "events.db"
    store.parent.mkdir()
    nats = start_nats(compose, tmp_path)
    running: list[tuple[Service, dict[str, str], ServiceProcess]] = []
    try:
        token = None
        for name, service in niangjia_services(path).items():
            env = local_environment(service, compose, tmp_path, store, nats)
            tokens = Path(env["NIANGJIA_TOKENS_FILE"])
            if not tokens.exists():  # the operator puts the tokens file in the secrets folder first
                token = issue_token(tokens, "recorder", "recorder", REGION)
            key = env.get("NIANGJIA_LEDGER_KEY_FILE")
            if key is not None and not Path(key).exists():  # and the ledger's key (niangjia ledger key)
                create_signing_key(Path(key))
            for _ in range(copies(service)):
                port = free_port()
                process = start_service(
                    name,
                    env=env,
                    log_dir=tmp_path,
                    port=port,
                    command=[str(VENV_BIN / service.command[0]), *service.command[1:]],
                    timeout=60,
                )
                running.append((service, env, process))
                # the compose health check itself, as the container would run it
                check = service.health_test
                assert check[:2] == ["CMD", "python"]
                subprocess.run(
                    [sys.executable, *check[2:]],
                    env={**os.environ, **env, "NIANGJIA_PORT": str(port)},
                    check=True,
                    timeout=30,
                )
        commands = {s.command[0] for s, _, _ in running}
        assert commands == {"niangjia-orgs", "niangjia-activities", "niangjia-projections", "niangjia-relay"}
        assert token is not None
        relays = [p for s, _, p in running if s.command[0] == "niangjia-relay"]
        projections = [(env, p) for s, env, p in running if s.command[0] == "niangjia-projections"]
        orgs = next(p for s, _, p in running if s.command[0] == "niangjia-orgs")

        # commands while every copy runs
        with httpx.Client(base_url=orgs.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
            for n in range(12):
                founded = client.post("/federations", json=federation(n))
                assert founded.status_code == 201, founded.text
        position = founded.json()["position"]

        def relayed(relay: ServiceProcess) -> bool:
            return bool(httpx.get(relay.url + "/health", timeout=5).json().get("last_acked_position", 0) >= position)

        def projected(process: ServiceProcess) -> bool:
            body = httpx.get(process.url + "/health", timeout=5).json()
            return all(p["checkpoint"] >= position for p in body["projections"])

        for relay in relays:
            wait_until(functools.partial(relayed, relay), relay, f"did not publish up to {position}")
        for _, process in projections:
            wait_until(functools.partial(projected, process), process, f"did not catch up to {position}")

        health = httpx.get(relays[0].url + "/health", timeout=5).json()
        assert health["nats_connected"] is True
        replicas = int(relays[0].env.get("NIANGJIA_STREAM_REPLICAS", "1"))
        assert stream_replicas(nats, health["stream"]) == replicas
        # the integrator sees every event once, however many relays ran
        first_nats = f"nats://127.0.0.1:{next(iter(nats.client_ports.values()))}"
        assert nats.credentials is not None
        integrator = nats.credentials.add_integrator("e2e", "the compose test's integrator")
        for node in nats.processes:  # `docker compose kill -s HUP nats`, as deploy/README.md says
            node.send_signal(signal.SIGHUP)
        wait_reloaded(tmp_path, list(nats.client_ports))
        ids = asyncio.run(stream_message_ids(first_nats, health["stream"], integrator))
        assert ids == asyncio.run(store_ids(store))  # every event, once, in the store's order
        # the projections' ledger checkpoints, in a stream of their own: each once, in the order signed
        assert stream_replicas(nats, health["ledger"]["stream"]) == replicas
        checkpoints = asyncio.run(stream_messages(first_nats, health["ledger"]["stream"], integrator))
        assert checkpoints and len({headers["Nats-Msg-Id"] for _, _, headers in checkpoints}) == len(checkpoints)
        sizes = [json.loads(body)["tree_size"] for _, body, _ in checkpoints]
        assert sizes == sorted(sizes)
    finally:
        for _, _, process in running:
            process.stop()
        nats.stop()
    for _, _, process in running:
        assert "Traceback" not in process.log(), process.log()[-3000:]

    # each projections copy holds exactly the read models one runner builds from the store
    asyncio.run(rebuild_once(store, tmp_path / "one-runner"))
    expected = dump(tmp_path / "one-runner")
    assert row_count(expected) >= 12
    for env, _ in projections:
        settings = ProjectionsSettings(data_dir=Path(env["NIANGJIA_DATA_DIR"]))
        assert dump(settings.read_models_path) == expected
