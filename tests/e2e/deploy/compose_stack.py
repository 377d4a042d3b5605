"""A compose file's NATS and services as local processes: loopback addresses, container paths as folders."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from niangjia_relay.credentials import BrokerCredentials
from niangjia_relay.nats_server import RELOADED, find_binary

from tests.e2e.deploy.compose_file import DEPLOY, Service
from tests.support.nats import on_loopback
from tests.support.processes import free_port, stop_processes


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
