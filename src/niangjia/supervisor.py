"""Run the services as child processes: start, wait for health, restart a crash, stop them all.

Children run in their own session, so a Ctrl-C in the terminal reaches only the supervisor, which
then stops them in order (the HTTP services and the relay first, NATS last) within `STOP_SECONDS`,
killing whatever has not exited by then. On Linux each child also gets SIGTERM should the
supervisor itself die.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

STOP_SECONDS = 9.0
"""Every child is gone within this long after a stop begins (SIGTERM, then SIGKILL)."""
LAST_TO_STOP = ("nats",)
MAX_BACKOFF = 30.0
STABLE_SECONDS = 60.0
"""A child that ran this long is healthy again: its next crash restarts it at once."""

UNHEALTHY_SECONDS = 2.0
"""A child that restarts when unhealthy is restarted once its health check has failed this long."""
HEALTH_EVERY = 0.5
"""Seconds between two health checks of a child that restarts when unhealthy."""

Report = Callable[[str, dict[str, object]], None]
"""Called with an i18n key and its values: `up.crashed`, `up.restarted`, `up.unhealthy`, `up.killed`."""


@dataclass(slots=True)
class Child:
    """One service: how to start it, where it logs, how to tell it is healthy."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    health_url: str | None = None
    port: int | None = None
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    started_at: float = 0.0
    restart_at: float | None = None
    restart_when_unhealthy: bool = False
    """Restart the child when its health check fails for UNHEALTHY_SECONDS (NATS whose JetStream
    failed: it does not enable it again by itself)."""
    unhealthy_since: float | None = None
    checked_at: float = 0.0
    _log: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed when the child is reaped
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        self.started_at = time.monotonic()
        self.restart_at = None
        self.unhealthy_since = None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def healthy(self) -> bool:
        if not self.running():
            return False
        if self.health_url is None:
            return True
        try:
            return httpx.get(self.health_url, timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def signal(self, sig: int) -> None:
        if self.running() and self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(sig)

    def reap(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to send SIGTERM when the supervisor dies."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass


class Supervisor:
    def __init__(self, children: Sequence[Child], report: Report, stop_seconds: float = STOP_SECONDS) -> None:
        self.children = list(children)
        self.report = report
        self.stop_seconds = stop_seconds
        self.stopping = False

    def child(self, name: str) -> Child:
        return next(c for c in self.children if c.name == name)

    def start(self, name: str) -> None:
        self.child(name).start()

    def wait_healthy(self, names: Sequence[str], timeout: float) -> list[str]:
        """Wait until each named child is healthy; the names of those that are not by `timeout`."""
        deadline = time.monotonic() + timeout
        pending = list(names)
        while pending and time.monotonic() < deadline:
            pending = [n for n in pending if not self.child(n).healthy()]
            for name in pending:
                child = self.child(name)
                if not child.running():  # crashed while starting: give it its restarts
                    self.check()
                    break
            if pending:
                time.sleep(0.2)
        return pending

    def check(self) -> None:
        """Restart children that exited although nobody asked them to (with a growing delay)."""
        if self.stopping:
            return
        now = time.monotonic()
        for child in self.children:
            process = child.process
            if process is None or process.poll() is None:
                continue
            if child.restart_at is None:
                child.reap()
                if now - child.started_at > STABLE_SECONDS:
                    child.restarts = 0
                child.restarts += 1
                delay = min(MAX_BACKOFF, 0.5 * 2 ** (child.restarts - 1))
                child.restart_at = now + delay
                self.report(
                    "up.crashed",
                    {"name": child.name, "code": process.returncode, "delay": f"{delay:g}", "count": child.restarts},
                )
            elif now >= child.restart_at:
                child.start()
                self.report("up.restarted", {"name": child.name})
        for child in self.children:
            if child.restart_when_unhealthy and child.running():
                self._restart_if_unhealthy(child, now)

    def _restart_if_unhealthy(self, child: Child, now: float) -> None:
        """Restart a running child whose health check has failed for UNHEALTHY_SECONDS (checked at most
        every HEALTH_EVERY seconds; a child just started gets that long to become healthy)."""
        if now - child.checked_at < HEALTH_EVERY or now - child.started_at < UNHEALTHY_SECONDS:
            return
        child.checked_at = now
        if child.healthy():
            child.unhealthy_since = None
            return
        if child.unhealthy_since is None:
            child.unhealthy_since = now
            return
        if now - child.unhealthy_since < UNHEALTHY_SECONDS:
            return
        self.report(
            "up.unhealthy",
            {"name": child.name, "seconds": f"{now - child.unhealthy_since:.0f}", "url": child.health_url},
        )
        self._stop_group([child], time.monotonic() + self.stop_seconds / 2)
        child.start()
        self.report("up.restarted", {"name": child.name})

    def stop(self) -> float:
        """Stop every child: SIGTERM, wait, SIGKILL stragglers; NATS after the others. Seconds taken."""
        self.stopping = True
        began = time.monotonic()
        first = [c for c in self.children if c.name not in LAST_TO_STOP]
        last = [c for c in self.children if c.name in LAST_TO_STOP]
        self._stop_group(first, began + self.stop_seconds * 0.75)
        self._stop_group(last, began + self.stop_seconds)
        return time.monotonic() - began

    def _stop_group(self, children: Sequence[Child], deadline: float) -> None:
        for child in children:
            child.signal(signal.SIGTERM)
        for child in children:
            process = child.process
            if process is None:
                continue
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(2)
                self.report("up.killed", {"name": child.name})
            child.reap()


def venv_script(name: str) -> str:
    """A console script installed beside the running interpreter, else found on PATH."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def child_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANGJIA_") or k == "NIANGJIA_LOG_LEVEL"}
    env.update(extra)
    return env
