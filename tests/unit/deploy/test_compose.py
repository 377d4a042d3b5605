"""The compose files: what they run, with which settings, and that the settings are ones the code knows."""

import asyncio
import importlib
import re
import shutil
import subprocess
from pathlib import Path

import nats
import pytest
from nats.errors import Error as NatsError
from niangjia_relay.credentials import BrokerCredentials
from niangjia_relay.nats_server import find_binary
from pydantic_settings import BaseSettings

from niangjia.cli.broker import CLUSTER_ROUTES
from tests.e2e.deploy.compose_file import (
    CLUSTER,
    DEPLOY,
    ENV_EXAMPLE,
    NIANGJIA_SERVICES,
    SINGLE,
    Service,
    env_file,
    load,
    niangjia_services,
    services,
    variables,
)
from tests.support.nats import on_loopback
from tests.support.processes import free_port, stop_processes

BOTH = pytest.mark.parametrize("path", [SINGLE, CLUSTER], ids=["single", "cluster"])


def settings_class(command: str) -> type[BaseSettings]:
    module, name = NIANGJIA_SERVICES[command]
    cls: object = getattr(importlib.import_module(module), name)
    assert isinstance(cls, type) and issubclass(cls, BaseSettings)
    return cls


def test_every_variable_the_compose_files_use_is_explained_in_env_example() -> None:
    used = variables(SINGLE) | variables(CLUSTER)
    documented = set(env_file())
    assert used - documented == set(), "add these to deploy/.env.example"
    assert documented - used == set(), "deploy/.env.example lists variables no compose file uses"


@BOTH
def test_each_service_gets_only_settings_its_code_knows_and_they_validate(
    path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    found = niangjia_services(path)
    assert {s.command[0] for s in found.values()} == set(NIANGJIA_SERVICES)
    for service in found.values():
        cls = settings_class(service.command[0])
        known = {f"NIANGJIA_{field.upper()}" for field in cls.model_fields}
        assert set(service.environment) - known == set(), f"{service.name}: settings its code ignores"
        for name, value in service.environment.items():
            # a path in the container: the test machine has no /var/lib/niangjia, so point it at tmp
            monkeypatch.setenv(name, str(tmp_path / value.lstrip("/")) if value.startswith("/") else value)
        settings = cls()
        assert settings.model_dump()["port"] == int(service.environment["NIANGJIA_PORT"])
        for name in service.environment:
            monkeypatch.delenv(name)


@BOTH
def test_every_service_restarts_checks_its_health_and_waits_for_what_it_needs(path: Path) -> None:
    for name, service in services(path).items():
        raw = service.raw
        if "profiles" in raw:
            continue
        assert raw["restart"] == "unless-stopped", name
        assert raw["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
        for dependency in (raw.get("depends_on") or {}).values():
            assert dependency == {"condition": "service_healthy"}, name


@BOTH
def test_tokens_are_mounted_read_only_never_passed_as_values(path: Path) -> None:
    for service in niangjia_services(path).values():
        tokens_dir = str(Path(service.environment["NIANGJIA_TOKENS_FILE"]).parent)
        mount = next(m for m in service.mounts if m.target == tokens_dir)
        assert mount.read_only and not mount.named_volume
        assert not [
            key
            for key in service.environment
            if re.search("TOKEN|SECRET|PASSWORD", key) and key != "NIANGJIA_TOKENS_FILE"
        ]


@BOTH
def test_the_read_models_live_on_a_named_volume_of_their_own(path: Path) -> None:
    volumes = []
    for service in niangjia_services(path).values():
        if service.command == ["niangjia-projections"]:
            (data,) = [m for m in service.mounts if m.target == service.environment["NIANGJIA_DATA_DIR"]]
            assert data.named_volume
            volumes.append(data.source)
    assert volumes and len(set(volumes)) == len(volumes), "copies of projections never share read-model files"


def test_single_node_runs_eventstoredb_24_10_and_nats_2_12_or_later_with_always_fsync() -> None:
    all_services = services(SINGLE)
    eventstore = all_services["eventstore"]
    assert eventstore.raw["image"].endswith("eventstore/eventstore:24.10}")
    assert eventstore.environment["EVENTSTORE_CLUSTER_SIZE"] == "1"
    assert any(m.named_volume and m.target == "/var/lib/eventstore" for m in eventstore.mounts)
    nats = all_services["nats"]
    image = env_file()["NATS_IMAGE"]
    version = re.match(r"nats:(\d+)\.(\d+)", image)
    assert version is not None and (int(version[1]), int(version[2])) >= (2, 12)
    assert any(m.named_volume and m.target == "/data" for m in nats.mounts)
    config = next(m for m in nats.mounts if m.target == "/etc/nats/nats.conf")
    text = (DEPLOY / config.source).read_text(encoding="utf-8")
    assert re.search(r"^\s*sync_interval: always", text, re.MULTILINE)
    assert "store_dir: /data/" in text
    relay = niangjia_services(SINGLE)["relay"]
    assert relay.raw["depends_on"]["nats"] == {"condition": "service_healthy"}
    assert relay.environment["NIANGJIA_NATS_URL"] == "nats://nats:4222"


def cluster_nodes(prefix: str, data_dir: str) -> dict[str, Service]:
    """The cluster's three `prefix-N` services by name, once each is seen to keep `data_dir` on a volume of its own."""
    all_services = services(CLUSTER)
    nodes = {name: all_services[name] for name in (f"{prefix}-{i}" for i in (1, 2, 3))}
    volumes = set()
    for node in nodes.values():
        (data,) = [m for m in node.mounts if m.target == data_dir]
        volumes.add(data.source)
    assert len(volumes) == 3
    return nodes


def test_cluster_has_three_eventstoredb_nodes_that_gossip_each_with_its_own_volume() -> None:
    nodes = cluster_nodes("eventstore", "/var/lib/eventstore")
    for name, node in nodes.items():
        env = node.environment
        assert env["EVENTSTORE_CLUSTER_SIZE"] == "3"
        assert {seed.split(":")[0] for seed in env["EVENTSTORE_GOSSIP_SEED"].split(",")} == set(nodes) - {name}
    store_url = niangjia_services(CLUSTER)["orgs"].environment["NIANGJIA_STORE_URL"]
    assert all(f"{name}:2113" in store_url for name in nodes)


def test_cluster_has_three_nats_nodes_routed_to_each_other_and_the_stream_on_all_three() -> None:
    nodes = cluster_nodes("nats", "/data")
    for name, node in nodes.items():
        config = next(m for m in node.mounts if m.target == "/etc/nats/nats.conf")
        text = (DEPLOY / config.source).read_text(encoding="utf-8")
        assert f"server_name: {name}" in text
        # the routes, with their credentials, come from the file `niangjia broker init --cluster` writes
        assert re.search(r"^cluster \{[^}]*^\s+include \"auth/cluster.conf\"", text, re.MULTILINE | re.DOTALL)
        assert "nats://" not in text, "a route without credentials"
        assert re.search(r"^\s*sync_interval: always", text, re.MULTILINE)
    relay = niangjia_services(CLUSTER)["relay"]
    assert relay.environment["NIANGJIA_STREAM_REPLICAS"] == "3"
    assert {url.split("//")[1].split(":")[0] for url in relay.environment["NIANGJIA_NATS_URL"].split(",")} == set(nodes)


def test_cluster_routes_written_by_broker_init_reach_every_node_with_credentials(tmp_path: Path) -> None:
    broker = BrokerCredentials(tmp_path)
    broker.ensure_routes(CLUSTER_ROUTES)
    text = broker.cluster_path.read_text(encoding="utf-8")
    password = re.search(r'password: "([^"]+)"', text)
    assert password is not None and len(password[1]) >= 32
    routes = re.findall(r'"nats://niangjia-route:([^@]+)@(nats-\d):6222"', text)
    assert {node for _, node in routes} == set(services(CLUSTER)) & {"nats-1", "nats-2", "nats-3"}
    assert {secret for secret, _ in routes} == {password[1]}
    assert broker.cluster_path.stat().st_mode & 0o777 == 0o600
    assert not broker.ensure_routes(CLUSTER_ROUTES), "created once: every node shares the password"


@BOTH
def test_nats_takes_its_users_from_the_secrets_folder_and_the_relay_its_key(path: Path) -> None:
    all_services = services(path)
    nodes = [s for s in all_services.values() if s.command[:1] == ["nats-server"]]
    assert nodes
    for node in nodes:
        (auth,) = [m for m in node.mounts if m.target == "/etc/nats/auth"]
        assert auth.read_only and not auth.named_volume
        assert auth.source == env_file()["NIANGJIA_SECRETS_DIR"] + "/broker"
        config = next(m for m in node.mounts if m.target == "/etc/nats/nats.conf")
        text = (DEPLOY / config.source).read_text(encoding="utf-8")
        assert re.search(r'^include "auth/users.conf"', text, re.MULTILINE)
        assert "no_auth_user" not in text
    for service in niangjia_services(path).values():
        if service.command == ["niangjia-relay"]:
            key = service.environment["NIANGJIA_NATS_NKEY_FILE"]
            assert key == str(Path(service.environment["NIANGJIA_TOKENS_FILE"]).parent / "broker" / "relay.nk")


def test_deploy_nats_config_refuses_a_client_without_credentials(tmp_path: Path) -> None:
    """deploy/nats/nats.conf run here (loopback, a temporary store), with the users `broker init` writes."""
    broker = BrokerCredentials(tmp_path / "auth")
    broker.ensure_relay()
    config = tmp_path / "nats.conf"
    client, monitor = free_port(), free_port()
    text = (DEPLOY / "nats" / "nats.conf").read_text(encoding="utf-8")
    config.write_text(
        on_loopback(text, client=client, monitor=monitor, route=0, routes={}, store_dir=tmp_path), encoding="utf-8"
    )
    process = subprocess.Popen(
        [str(find_binary()), "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:

        async def attempts() -> None:
            url = f"nats://127.0.0.1:{client}"
            for _ in range(200):  # until it listens
                try:
                    await (await nats.connect(url, nkeys_seed=str(broker.relay_seed_path))).close()
                    break
                except Exception:  # not listening yet
                    await asyncio.sleep(0.05)
            with pytest.raises(NatsError, match="Authorization Violation"):
                await nats.connect(url, allow_reconnect=False, max_reconnect_attempts=0)

        asyncio.run(attempts())
    finally:
        stop_processes([process])


def test_cluster_runs_two_copies_of_every_service_behind_the_gateway() -> None:
    found = niangjia_services(CLUSTER)
    copies: dict[str, int] = {}
    for service in found.values():
        assert "ports" not in service.raw, f"{service.name}: two copies cannot publish one port; the gateway does"
        copies[service.command[0]] = copies.get(service.command[0], 0) + service.raw["deploy"]["replicas"]
    assert copies == dict.fromkeys(NIANGJIA_SERVICES, 2)
    projections = [s for s in found.values() if s.command == ["niangjia-projections"]]
    for service in projections:  # two services with their own volumes, one name for the gateway
        assert service.raw["networks"]["default"]["aliases"] == ["projections"]
    gateway = load(CLUSTER)["services"]["gateway"]
    config = (DEPLOY / "cluster" / "gateway.conf").read_text(encoding="utf-8")
    for name, port in (("orgs", 8701), ("activities", 8702), ("projections", 8703)):
        assert f"listen {port};" in config
        assert f"http://{name}:{port}" in config
        assert any(str(port) in str(published) for published in gateway["ports"])


def test_env_example_values_are_the_compose_defaults() -> None:
    text = SINGLE.read_text(encoding="utf-8") + CLUSTER.read_text(encoding="utf-8")
    for name, value in env_file(ENV_EXAMPLE).items():
        defaults = set(re.findall(r"\$\{" + name + r":-([^}]*)\}", text))
        assert defaults == {value}, f"{name}: .env.example says {value!r}, the compose files default to {defaults}"


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose is not installed")
def test_docker_compose_accepts_both_files_and_refuses_a_broken_one(tmp_path: Path) -> None:
    for path in (SINGLE, CLUSTER):
        subprocess.run(["docker-compose", "-f", str(path), "config", "-q"], check=True, capture_output=True, timeout=60)
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(
        SINGLE.read_text(encoding="utf-8").replace("condition: service_healthy", "condition: when_ready", 1)
    )
    result = subprocess.run(
        ["docker-compose", "-f", str(broken), "config", "-q"], capture_output=True, timeout=60, text=True
    )
    assert result.returncode != 0
    assert "condition" in result.stderr
