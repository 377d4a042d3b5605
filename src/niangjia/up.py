"""`niangjia up`: the embedded default, every service as its own process on one data folder."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from pathlib import Path
from types import FrameType

from niangjia_kit.private import keep_private
from niangjia_kit.tokens import Role, TokenStore
from niangjia_relay.credentials import BrokerCredentials
from rich.console import Console
from rich.table import Table

from niangjia.config import HOST, Ports, Urls, admin_token_path, broker_path, tokens_path
from niangjia.i18n import t
from niangjia.supervisor import Child, Supervisor, venv_script

HTTP_SERVICES = ("orgs", "activities", "projections")
HEALTH_TIMEOUT = 90.0


def ensure_admin_token(folder: Path) -> tuple[str, bool]:
    """The admin token in `<folder>/admin.token` (mode 0600), created on first start. (token, created)"""
    path = admin_token_path(folder)
    store = TokenStore(tokens_path(folder))
    if path.exists():
        existing = path.read_text(encoding="utf-8").strip()
        if existing and store.authenticate(existing) is not None:
            return existing, False
    _, secret = store.issue("admin", Role.ADMIN)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secret + "\n")
    os.chmod(path, 0o600)
    return secret, True


def ensure_broker_credentials(folder: Path) -> tuple[BrokerCredentials, bool]:
    """The NATS users with the relay's key (`<folder>/broker/relay.nk`, 0600), created on first start."""
    broker = BrokerCredentials(broker_path(folder))
    created = not broker.relay_seed_path.exists()
    broker.ensure_relay()
    return broker, created


def nats_child(folder: Path, ports: Ports, logs: Path, broker: BrokerCredentials) -> Child:
    """NATS that takes only the NKEYs of `broker` (the relay publishes, integrators read)."""
    from niangjia_relay.nats_server import find_binary, render_config

    store = folder / "nats"
    store.mkdir(parents=True, exist_ok=True)
    config = store / "nats-server.conf"
    config.write_text(
        render_config(
            host=HOST,
            port=ports.nats,
            store_dir=store.resolve(),
            users=broker.users_path.resolve(),
            http_port=ports.nats_monitor,
        ),
        encoding="utf-8",
    )
    return Child(
        name="nats",
        argv=[str(find_binary()), "-c", str(config)],
        env=dict(os.environ),
        log_path=logs / "nats.log",
        # the full health check: a stream that hit a write error (a full disk) fails it, and stays
        # failed after space returns until the server restarts (js-enabled-only would still say ok)
        health_url=f"http://{HOST}:{ports.nats_monitor}/healthz",
        port=ports.nats,
        restart_when_unhealthy=True,
    )


def service_children(folder: Path, ports: Ports, logs: Path, broker: BrokerCredentials) -> list[Child]:
    common = {
        **os.environ,
        "NIANGJIA_DATA_DIR": str(folder),
        "NIANGJIA_STORE_URL": f"sqlite:///{folder / 'events.db'}",
        "NIANGJIA_TOKENS_FILE": str(tokens_path(folder)),
        "NIANGJIA_HOST": HOST,
        "NIANGJIA_NATS_URL": f"nats://{HOST}:{ports.nats}",
    }
    children = []
    for name, port in (
        ("orgs", ports.orgs),
        ("activities", ports.activities),
        ("projections", ports.projections),
        ("relay", ports.relay),
    ):
        env = {**common, "NIANGJIA_PORT": str(port)}
        if name == "relay":
            env["NIANGJIA_NATS_NKEY_FILE"] = str(broker.relay_seed_path.resolve())
        if name == "projections":  # the operator's page asks the others for their health
            env["NIANGJIA_ORGS_URL"] = f"http://{HOST}:{ports.orgs}"
            env["NIANGJIA_ACTIVITIES_URL"] = f"http://{HOST}:{ports.activities}"
            env["NIANGJIA_RELAY_URL"] = f"http://{HOST}:{ports.relay}"
        children.append(
            Child(
                name=name,
                argv=[venv_script(f"niangjia-{name}")],
                env=env,
                log_path=logs / f"{name}.log",
                health_url=f"http://{HOST}:{port}/health",
                port=port,
            )
        )
    return children


def busy_port(children: list[Child]) -> Child | None:
    for child in children:
        if child.port is None:
            continue
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((HOST, child.port))
            except OSError:
                return child
    return None


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_up(folder: Path, ports: Ports, *, demo: bool, console: Console) -> int:
    keep_private(folder)  # the children inherit the umask: NATS, the services, their logs
    folder.mkdir(parents=True, exist_ok=True)
    logs = folder / "logs"
    fresh = not (folder / "events.db").exists()
    token, created = ensure_admin_token(folder)
    console.print(t("up.data_dir", path=folder))
    console.print(t("up.admin_token_created" if created else "up.admin_token_found", path=admin_token_path(folder)))

    broker, key_created = ensure_broker_credentials(folder)
    if key_created:
        console.print(t("broker.relay_key", path=broker.relay_seed_path))
    children = [nats_child(folder, ports, logs, broker), *service_children(folder, ports, logs, broker)]
    taken = busy_port(children)
    if taken is not None:
        console.print(f"[red]{t('up.busy_port', port=taken.port, name=taken.name)}[/red]")
        return 2

    def report(key: str, values: dict[str, object]) -> None:
        colour = "yellow" if key == "up.crashed" else "cyan"
        console.print(f"[{colour}]{t(key, **values)}[/{colour}]")

    supervisor = Supervisor(children, report)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        for group in (("nats",), HTTP_SERVICES, ("relay",)):
            for name in group:
                console.print(t("up.starting", name=name))
                supervisor.start(name)
            with console.status(t("up.waiting")):
                late = supervisor.wait_healthy(group, HEALTH_TIMEOUT)
            if late and group == ("relay",):  # the ledger works without it: say so and go on
                child = supervisor.child(late[0])
                console.print(
                    f"[yellow]{t('up.not_healthy', name=child.name, seconds=int(HEALTH_TIMEOUT), log=child.log_path)}[/yellow]"
                )
            elif late:
                child = supervisor.child(late[0])
                console.print(
                    f"[red]{t('up.not_healthy', name=child.name, seconds=int(HEALTH_TIMEOUT), log=child.log_path)}[/red]"
                )
                return 1
        console.print(f"[green]{t('up.ready')}[/green]")
        console.print(_services_table(children, ports))
        urls = Urls.local(ports)
        if fresh and demo:
            console.print(t("up.demo_first_run"))
            _load_demo_supervised(supervisor, urls, token, folder, console)
        dashboard = f"http://{HOST}:{ports.projections}/#token={token}"
        console.print(t("up.dashboard"))
        console.print(f"  [bold link={dashboard}]{dashboard}[/]", soft_wrap=True)
        console.print(f"[dim]{t('up.stop_hint')}[/dim]")
        while True:
            supervisor.check()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        console.print(t("up.stopping"))
        seconds = supervisor.stop()
        console.print(t("up.stopped", seconds=seconds))
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    return 0


def _load_demo_supervised(supervisor: Supervisor, urls: Urls, token: str, folder: Path, console: Console) -> None:
    """Load the demo in a thread while this one keeps restarting crashed services."""
    from niangjia.demo.run import run_demo

    failure: list[BaseException] = []

    def work() -> None:
        try:
            run_demo(urls, token, console, tokens_file=tokens_path(folder))
        except Exception as error:  # reported below; the services keep running
            failure.append(error)

    thread = threading.Thread(target=work, name="demo", daemon=True)
    thread.start()
    while thread.is_alive():
        supervisor.check()
        thread.join(0.5)
    if failure:
        console.print(f"[red]{failure[0]}[/red]")


def _services_table(children: list[Child], ports: Ports) -> Table:
    table = Table(show_header=True, header_style="bold")
    # fold: a URL or a path has no spaces to break at, and Rich would crop it with "…"
    table.add_column(t("up.table.service"), overflow="fold")
    table.add_column(t("up.table.url"), overflow="fold")
    table.add_column(t("up.table.log"), style="dim", overflow="fold")
    for child in children:
        url = f"nats://{HOST}:{ports.nats}" if child.name == "nats" else f"http://{HOST}:{child.port}"
        table.add_row(child.name, url, str(child.log_path))
    table.add_row("dashboard", f"http://{HOST}:{ports.projections}/", "")
    return table
