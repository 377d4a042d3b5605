"""Start every service as a process with exactly the environment its compose file gives its container.

Addresses are mapped to loopback, container paths to temporary folders (one per volume or bind
mount, as compose would share them), EventStoreDB to one SQLite file (no Docker engine here), and
NATS to nats-server processes running the compose file's own NATS configuration files. Any other
setting is passed as written, so a setting the code does not accept, a wrong port, or a health
check that does not work fails here rather than in production.

Two copies at once: the cluster file runs the relay twice and projections as two services; here
they run side by side on one store while commands are written. The integrator must see every event
exactly once in the stream, and each projections copy must hold exactly the read models one runner
builds from the store.
"""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from niangjia_eventstore import SQLiteEventStore
from niangjia_kit.projection import ModelFiles
from niangjia_ledger.keys import create_signing_key
from niangjia_projections.rebuild.read_models import rebuild_models
from niangjia_projections.settings import ProjectionsSettings
from niangjia_relay.credentials import BrokerCredentials
from niangjia_relay.nats_server import RELOADED, find_binary

from tests.e2e.deploy.commands import REGION, federation
from tests.e2e.deploy.compose_file import CLUSTER, DEPLOY, SINGLE, Service, niangjia_services, services
from tests.e2e.deploy.read_models import dump, row_count
from tests.support.nats import on_loopback, stream_message_ids
from tests.support.processes import VENV_BIN, ServiceProcess, free_port, issue_token, start_service, stop_processes

pytestmark = pytest.mark.e2e


@dataclass
class Nats:
    """The compose file's NATS nodes, running here on loopback ports."""

    client_ports: dict[str, int] = field(default_factory=dict)
    monitor_ports: dict[str, int] = field(default_factory=dict)
    credentials: BrokerCredentials | None = None
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        stop_processes(self.processes)


def start_nats(compose: dict[str, Service], work: Path) -> Nats:
    """Run each NATS service's mounted config, with its addresses, routes and store moved to loopback and `work`."""
    nodes = {name: s for name, s in compose.items() if s.command[:1] == ["nats-server"]}
    client = {name: free_port() for name in nodes}
    route = {name: free_port() for name in nodes}
    monitor = {name: free_port() for name in nodes}
    nats = Nats(client_ports=client, monitor_ports=monitor)
    for name, node in nodes.items():
        (config,) = [m for m in node.mounts if m.target == "/etc/nats/nats.conf"]
        (store,) = [m for m in node.mounts if m.target == "/data"]
        (auth,) = [m for m in node.mounts if m.target == "/etc/nats/auth"]
        # what `niangjia broker init [--cluster]` writes into the secrets folder, before the first start
        broker = BrokerCredentials(bind_path(auth.source, work))
        broker.ensure_relay()
        if len(nodes) > 1:
            broker.ensure_routes([f"127.0.0.1:{route[n]}" for n in nodes])
        nats.credentials = broker
        etc = work / "etc" / name  # the container's /etc/nats: the config, and auth/ beside it
        etc.mkdir(parents=True, exist_ok=True)
        if not (etc / "auth").exists():
            (etc / "auth").symlink_to(broker.folder.resolve(), target_is_directory=True)
        text = (DEPLOY / config.source).read_text(encoding="utf-8")
        text = on_loopback(
            text,
            client=client[name],
            monitor=monitor[name],
            route=route[name],
            routes=route,
            store_dir=work / store.source,
        )
        path = etc / "nats.conf"
        path.write_text(text, encoding="utf-8")
        log = open(work / f"{name}.log", "wb")  # noqa: SIM115 - the process owns it
        nats.processes.append(subprocess.Popen([str(find_binary()), "-c", str(path)], stdout=log, stderr=log))
    # the compose health check, on the mapped port
    for name, node in nodes.items():
        (url,) = [part for part in node.health_test if part.startswith("http://")]
        url = url.replace("127.0.0.1:8222", f"127.0.0.1:{monitor[name]}")
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                nats.stop()
                raise AssertionError(
                    f"{name} not healthy: {(work / f'{name}.log').read_text(errors='replace')[-3000:]}"
                )
            time.sleep(0.2)
    return nats


def wait_reloaded(work: Path, names: list[str]) -> None:
    deadline = time.monotonic() + 30
    for name in names:
        log = work / f"{name}.log"
        while RELOADED not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, f"{name} did not reload"
            time.sleep(0.05)


def stream_replicas(nats: Nats, stream: str) -> int:
    """The stream's replica count, as the NATS monitoring endpoint reports it."""
    port = next(iter(nats.monitor_ports.values()))
    jsz = httpx.get(f"http://127.0.0.1:{port}/jsz?streams=true&config=true", timeout=5).json()
    for account in jsz.get("account_details", []):
        for detail in account.get("stream_detail", []):
            if detail["name"] == stream:
                return int(detail["config"].get("num_replicas", 1))
    raise AssertionError(f"stream {stream} not found: {jsz}")


def host_path(service: Service, container_path: str, work: Path) -> Path:
    """Where a container path lives here: inside the volume or bind mount that holds it, else the container's own disk."""
    for mount in sorted(service.mounts, key=lambda m: len(m.target), reverse=True):
        if container_path == mount.target or container_path.startswith(mount.target + "/"):
            base = work / "volumes" / mount.source if mount.named_volume else bind_path(mount.source, work)
            return base / container_path[len(mount.target) :].lstrip("/")
    return work / "containers" / service.name / container_path.lstrip("/")


def bind_path(source: str, work: Path) -> Path:
    """Where a bind mount's source folder (relative to deploy/) lives here: one place for every
    service that mounts it or a folder inside it."""
    return work / "binds" / Path(source).as_posix().removeprefix("./")


def local_environment(
    service: Service, compose: dict[str, Service], work: Path, store: Path, nats: Nats
) -> dict[str, str]:
    env: dict[str, str] = {}
    for name, value in service.environment.items():
        if name == "NIANGJIA_HOST":
            assert value == "0.0.0.0", "a container must listen on every interface"
            env[name] = "127.0.0.1"
        elif name == "NIANGJIA_STORE_URL":
            parts = urlsplit(value)
            assert parts.scheme == "esdb"
            hosts = [h.split(":")[0] for h in parts.netloc.split(",")]
            assert all(h in compose for h in hosts), f"{value}: names no EventStoreDB service of this file"
            env[name] = f"sqlite:///{store}"
        elif name == "NIANGJIA_NATS_URL":
            urls = []
            for server in value.split(","):
                parts = urlsplit(server)
                assert parts.hostname in nats.client_ports, f"{server}: names no NATS service of this file"
                assert parts.port == 4222
                urls.append(f"nats://127.0.0.1:{nats.client_ports[parts.hostname]}")
            env[name] = ",".join(urls)
        elif name in {"NIANGJIA_ORGS_URL", "NIANGJIA_ACTIVITIES_URL", "NIANGJIA_RELAY_URL"}:
            # the operator's page asks its siblings for their /health: they must be services of
            # this file; here, started one at a time, none answers (the page says so)
            parts = urlsplit(value)
            assert parts.hostname in compose, f"{name}={value}: names no service of this file"
            env[name] = "http://127.0.0.1:9"
        elif value.startswith("/"):
            path = host_path(service, value, work)
            path.parent.mkdir(parents=True, exist_ok=True)
            env[name] = str(path)
        else:
            assert "://" not in value, f"{name}={value}: an address this test does not know how to map"
            env[name] = value
    return env


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
        events = [i for i in ids if not i.startswith("checkpoint:")]  # the ledger's checkpoints go in between
        assert events == asyncio.run(store_ids(store))
        assert len(ids) > len(events)  # the relay published the projections' ledger checkpoints too
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
