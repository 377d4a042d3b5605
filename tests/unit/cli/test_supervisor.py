from __future__ import annotations

import sys
import time
from pathlib import Path

from niangjia_kit.auth import Role, TokenStore

from niangjia.supervisor import Child, Supervisor
from niangjia.up import ensure_admin_token


def child(tmp_path: Path, name: str, code: str) -> Child:
    return Child(name=name, argv=[sys.executable, "-c", code], env={}, log_path=tmp_path / f"{name}.log")


def test_a_child_that_exits_is_reported_and_restarted(tmp_path: Path) -> None:
    reports: list[tuple[str, dict[str, object]]] = []
    supervisor = Supervisor([child(tmp_path, "flaky", "import sys; sys.exit(3)")], lambda k, v: reports.append((k, v)))
    supervisor.start("flaky")
    deadline = time.monotonic() + 20
    while not any(k == "up.restarted" for k, _ in reports) and time.monotonic() < deadline:
        supervisor.check()
        time.sleep(0.05)
    assert reports[0] == ("up.crashed", {"name": "flaky", "code": 3, "delay": "0.5", "count": 1})
    assert ("up.restarted", {"name": "flaky"}) in reports
    supervisor.stop()


def test_stop_kills_a_child_that_ignores_sigterm(tmp_path: Path) -> None:
    stubborn = child(
        tmp_path,
        "stubborn",
        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\ntime.sleep(60)",
    )
    polite = child(tmp_path, "nats", "import time; time.sleep(60)")
    reports: list[str] = []
    supervisor = Supervisor([polite, stubborn], lambda k, v: reports.append(f"{k}:{v['name']}"), stop_seconds=2.0)
    supervisor.start("nats")
    supervisor.start("stubborn")
    deadline = time.monotonic() + 10
    while "ready" not in (tmp_path / "stubborn.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    seconds = supervisor.stop()
    assert seconds < 4
    assert not stubborn.running() and not polite.running()
    assert reports == ["up.killed:stubborn"]
    supervisor.check()  # a stop is not a crash: nothing restarts
    assert not stubborn.running()


def test_the_admin_token_is_created_once_and_private(tmp_path: Path) -> None:
    token, created = ensure_admin_token(tmp_path)
    assert created
    assert (tmp_path / "admin.token").stat().st_mode & 0o777 == 0o600
    principal = TokenStore(tmp_path / "tokens.json").authenticate(token)
    assert principal is not None and principal.role is Role.ADMIN
    assert ensure_admin_token(tmp_path) == (token, False)


def test_a_child_that_restarts_when_unhealthy_is_restarted_once_its_health_fails(tmp_path: Path) -> None:
    """NATS whose JetStream stopped answers its health check 503: `up` restarts it; a healthy one is left."""
    from tests.support.processes import free_port

    port = free_port()
    server = (
        "import http.server, sys\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        self.send_response(200 if self.path == '/ok' else 503); self.end_headers()\n"
        f"http.server.HTTPServer(('127.0.0.1', {port}), H).serve_forever()\n"
    )
    sick = child(tmp_path, "nats", server)
    sick.health_url = f"http://127.0.0.1:{port}/healthz"
    sick.restart_when_unhealthy = True
    reports: list[tuple[str, dict[str, object]]] = []
    supervisor = Supervisor([sick], lambda k, v: reports.append((k, v)), stop_seconds=4.0)
    supervisor.start("nats")
    first = sick.process
    deadline = time.monotonic() + 20
    while not any(k == "up.restarted" for k, _ in reports) and time.monotonic() < deadline:
        supervisor.check()
        time.sleep(0.1)
    assert [k for k, _ in reports] == ["up.unhealthy", "up.restarted"], reports
    assert sick.process is not first and sick.running()

    sick.health_url = f"http://127.0.0.1:{port}/ok"  # healthy now: left alone
    reports.clear()
    until = time.monotonic() + 8
    while time.monotonic() < until:
        supervisor.check()
        time.sleep(0.1)
    assert reports == []
    supervisor.stop()
