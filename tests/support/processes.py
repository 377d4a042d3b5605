"""Start the services as real processes for end-to-end tests, and stop them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServiceProcess:
    """A service started as its own process, with its log captured to a file."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    command: list[str] | None = None
    health_path: str = "/health"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def restart(self, timeout: float = 30.0) -> None:
        """Stop it (if it still runs) and start it again in its place, on a new port, with the same settings."""
        self.stop()
        again = start_service(
            self.name,
            env=self.env,
            log_dir=self.log_path.parent,
            command=self.command,
            health_path=self.health_path,
            timeout=timeout,
        )
        self.port, self.process, self.log_path = again.port, again.process, again.log_path

    def stop_cleanly(self) -> None:
        """Stop it; fail unless it shut down cleanly and its log shows no 500 and no traceback."""
        code = self.stop()
        log = self.log()
        assert code in (0, -signal.SIGTERM), log[-4000:]  # uvicorn re-raises SIGTERM after a clean shutdown
        assert "internal_error" not in log and "Traceback" not in log, log[-4000:]


def stop_processes(processes: Iterable[subprocess.Popen[bytes]], timeout: float = 15.0) -> None:
    """Ask every process to stop (SIGTERM) at once, then wait for each; kill any still running after `timeout`."""
    processes = list(processes)
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def sqlite_env(data: Path, store: Path, synchronous: str | None = None) -> dict[str, str]:
    """A service's settings with its files in `data` and its events in the SQLite file `store`, logging warnings only."""
    query = f"?synchronous={synchronous}" if synchronous else ""
    return {
        "NIANGJIA_DATA_DIR": str(data),
        "NIANGJIA_STORE_URL": f"sqlite:///{store}{query}",
        "NIANGJIA_LOG_LEVEL": "WARNING",
    }


def start_service(
    name: str,
    *,
    env: Mapping[str, str],
    log_dir: Path,
    port: int | None = None,
    command: list[str] | None = None,
    health_path: str = "/health",
    timeout: float = 30.0,
) -> ServiceProcess:
    """Start `niangjia-<name>` (or `command`) with `env` on top of ours and wait for its /health."""
    port = port or free_port()
    full_env = {**os.environ, **env, "NIANGJIA_PORT": str(port), "NIANGJIA_HOST": "127.0.0.1"}
    log_path = log_dir / f"{name}-{port}.log"
    argv = command or [str(VENV_BIN / f"niangjia-{name}")]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(argv, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    service = ServiceProcess(
        name=name,
        port=port,
        process=process,
        log_path=log_path,
        env=dict(env),
        command=command,
        health_path=health_path,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{service.log()}")
        try:
            if httpx.get(service.url + health_path, timeout=1.0).status_code == 200:
                return service
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    service.kill()
    raise RuntimeError(f"{name} did not become healthy within {timeout}s:\n{service.log()}")


@contextmanager
def services_running(
    names: Sequence[str], *, env: Mapping[str, str], log_dir: Path, timeout: float = 30.0
) -> Iterator[list[ServiceProcess]]:
    """The services `names` (`start_service`), started side by side with `env`; at the end each is
    stopped cleanly (`ServiceProcess.stop_cleanly`), the last first, and every one is stopped even
    when an earlier one fails its check. If one does not start, the others are killed and its error raised."""
    with ThreadPoolExecutor(len(names)) as pool:  # side by side: their imports take most of the start
        starting = [pool.submit(start_service, name, env=env, log_dir=log_dir, timeout=timeout) for name in names]
    started = [f.result() for f in starting if f.exception() is None]
    if len(started) < len(names):
        for service in started:
            service.kill()
        raise next(error for f in starting if (error := f.exception()) is not None)
    with ExitStack() as stopping:
        for service in started:
            stopping.callback(service.stop_cleanly)
        yield started


def issue_token(tokens_file: Path, subject: str, role: str, scope: str | None = None) -> str:
    """Issue a token straight into a tokens file (as the operator's CLI does)."""
    from niangjia_kit.auth import Role, TokenStore

    _, token = TokenStore(tokens_file).issue(subject, Role(role), scope)
    return token


def token_id(token: str) -> str:
    """The id of a token (`nj_<id>_<secret>`): the pseudonym the envelope names as its actor."""
    return token.split("_", 2)[1]
