"""Run `niangjia up` as a real subprocess on free ports and a temporary data folder."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from niangjia.config import Ports, Urls

NIANGJIA = str(Path(sys.executable).parent / "niangjia")
DASHBOARD = re.compile(r"(http://127\.0\.0\.1:\d+/#token=\S+)")
BOUNDARY = re.compile(r"known_at[^0-9]*(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00)")


def free_base_port(span: int = 7) -> int:
    """A base port with `span` consecutive free ports above it."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base + span >= 65000:
            continue
        if all(_free(base + i) for i in range(span)):
            return base
    raise RuntimeError("no run of free ports")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@dataclass
class Stack:
    """A running `niangjia up`, its output collected by a thread."""

    process: subprocess.Popen[str]
    data_dir: Path
    ports: Ports
    lines: list[str] = field(default_factory=list)

    @property
    def urls(self) -> Urls:
        return Urls.local(self.ports)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    @property
    def token(self) -> str:
        return (self.data_dir / "admin.token").read_text(encoding="utf-8").strip()

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = pattern.search(self.output)
            if found:
                return found
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the reader thread take the last lines
                raise RuntimeError(f"niangjia up exited with {self.process.returncode}:\n{self.output}")
            time.sleep(0.2)
        raise TimeoutError(f"{pattern.pattern!r} not printed within {timeout}s:\n{self.output}")

    def children(self) -> list[int]:
        """Pids of the processes `niangjia up` started (its direct children)."""
        return children_of(self.process.pid)

    def interrupt(self, timeout: float = 15.0) -> float:
        """SIGINT (Ctrl-C); seconds until the process exited."""
        began = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout)
        return time.monotonic() - began

    def kill(self) -> None:
        for pid in self.children():
            _kill(pid)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def start_up(data_dir: Path, *args: str, lang: str = "en") -> Stack:
    """Start `niangjia up` on free ports; returns at once (use `wait_for`)."""
    ports = Ports.from_base(free_base_port())
    env = {**os.environ, "NIANGJIA_LANG": lang, "COLUMNS": "200", "NIANGJIA_LOG_LEVEL": "WARNING"}
    env.pop("NIANGJIA_DATA_DIR", None)
    process = subprocess.Popen(
        [NIANGJIA, "up", "--data-dir", str(data_dir), "--base-port", str(ports.base), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    stack = Stack(process=process, data_dir=data_dir, ports=ports)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            stack.lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    return stack


@contextlib.contextmanager
def demo_running(data_dir: Path) -> Iterator[Stack]:
    """`niangjia up` on `data_dir` until its dashboard link is printed (everything started, the demo
    data loaded); killed, with every child, on leaving."""
    stack = start_up(data_dir)
    try:
        stack.wait_for(DASHBOARD, timeout=240)
        yield stack
    finally:
        stack.kill()
