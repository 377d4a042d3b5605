"""A three-node JetStream cluster for tests, from the deploy folder's own NATS configs on loopback ports.

    with NatsCluster(tmp_path / "cluster") as cluster:
        cluster.url      # every node's client URL, comma-separated (what the relay's NIANGJIA_NATS_URL takes)

Each node runs `deploy/cluster/nats-N.conf` as written (JetStream, `sync_interval: always`, the
cluster block, NKEY users and authenticated routes from the `auth/` folder `niangjia broker init
--cluster` writes) with the container addresses moved to free loopback ports and the store moved
to a temporary folder, so the tests use the configuration operators deploy.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import IO

import httpx
from niangjia_relay.credentials import BrokerCredentials
from niangjia_relay.lifetime import StartedWhileEntered
from niangjia_relay.nats_server import RELOADED, find_binary

from tests.support.nats import on_loopback
from tests.support.processes import free_port, stop_processes

DEPLOY_CLUSTER = Path(__file__).resolve().parents[3] / "deploy" / "cluster"
NODES = ("nats-1", "nats-2", "nats-3")


class NatsCluster(StartedWhileEntered):
    def __init__(self, work: Path) -> None:
        self.work = work
        self.client = {name: free_port() for name in NODES}
        self.route = {name: free_port() for name in NODES}
        self.monitor = {name: free_port() for name in NODES}
        self.credentials = BrokerCredentials(work / "auth")  # beside the configs, as in /etc/nats
        self._processes: list[subprocess.Popen[bytes]] = []
        self._logs: list[IO[bytes]] = []

    @property
    def url(self) -> str:
        return ",".join(f"nats://127.0.0.1:{self.client[name]}" for name in NODES)

    @property
    def relay_seed(self) -> Path:
        return self.credentials.relay_seed_path

    def reload(self) -> None:
        """Every node reads its configuration (its users) again; returns once each has."""
        before = {name: self.log(name).count(RELOADED) for name in NODES}
        for process in self._processes:
            if process.poll() is None:
                process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        for name in NODES:
            while self.log(name).count(RELOADED) <= before[name]:
                assert time.monotonic() < deadline, f"{name} did not reload:\n{self.log(name)[-2000:]}"
                time.sleep(0.02)

    def config(self, name: str) -> str:
        text = (DEPLOY_CLUSTER / f"{name}.conf").read_text(encoding="utf-8")
        return on_loopback(
            text,
            client=self.client[name],
            monitor=self.monitor[name],
            route=self.route[name],
            routes=self.route,
            store_dir=self.work / name,
        )

    def start(self, attempts: int = 3) -> NatsCluster:
        """Start the three nodes and wait for the compose health check on each; a node that could
        not bind its ports (taken since they were picked) means another try on fresh ones."""
        self.work.mkdir(parents=True, exist_ok=True)
        for attempt in range(attempts):
            if attempt:
                self.client, self.route, self.monitor = ({name: free_port() for name in NODES} for _ in range(3))
            if self._start_once():
                return self
        raise AssertionError(f"NATS cluster did not start:\n{self._logs_tail()}")

    def _start_once(self) -> bool:
        binary = str(find_binary())
        self.credentials.ensure_relay()
        self.credentials.cluster_path.unlink(missing_ok=True)  # the routes' ports may be new ones
        self.credentials.ensure_routes([f"127.0.0.1:{self.route[name]}" for name in NODES])
        for name in NODES:
            path = self.work / f"{name}.conf"
            path.write_text(self.config(name), encoding="utf-8")
            log = open(self.work / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
            self._logs.append(log)
            self._processes.append(
                subprocess.Popen(
                    [binary, "-c", str(path)], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
                )
            )
        deadline = time.monotonic() + 60
        for name in NODES:  # the compose health check: JetStream ready, the meta group has a leader
            while not self._healthy(name):
                if time.monotonic() > deadline or any(p.poll() is not None for p in self._processes):
                    self.stop()
                    return False
                time.sleep(0.2)
        return True

    def _logs_tail(self) -> str:
        return "\n".join(self.log(name)[-2000:] for name in NODES)

    def _healthy(self, name: str) -> bool:
        try:
            url = f"http://127.0.0.1:{self.monitor[name]}/healthz?js-enabled-only=true"
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def log(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        stop_processes(self._processes)
        for log in self._logs:
            log.close()
        self._processes.clear()
        self._logs.clear()
