"""broker init / list: who may connect to NATS (niangjia_relay.credentials).

The relay's key is created by `niangjia up` on first start, or by `broker init` for compose; an
integrator's subscribe-only key comes with its token (`tokens create --role integrator`) and goes
with it (`tokens revoke`). After a change the running NATS reads its users again: `niangjia up`'s
at once (SIGHUP), compose's after `docker compose kill -s HUP nats`.
"""

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from niangjia_contracts.names import ROLES, name
from niangjia_relay.credentials import BrokerCredentials
from niangjia_relay.nats_server import reload_running

from niangjia import config
from niangjia.cli.common import DataDirOpt, JsonOpt, console, errors, headers, print_json, table
from niangjia.i18n import language, t

CLUSTER_ROUTES = ["nats-1:6222", "nats-2:6222", "nats-3:6222"]
"""The route addresses of deploy/docker-compose.cluster.yml's three nodes."""


def _role(code: str) -> str:
    """A broker user's role by its name: a token's role (an integrator), or the relay's own."""
    return name(ROLES, code, language()) if code in ROLES else t(f"broker.role.{code}")


def credentials(data_dir: Path | None) -> BrokerCredentials:
    """The NATS credentials beside the tokens file: `<data dir>/broker`, or the compose secrets folder's."""
    return BrokerCredentials(config.broker_path(config.data_dir(data_dir)))


def reload_broker(data_dir: Path | None) -> None:
    """Tell `niangjia up`'s NATS to read its users again, or say how to (on stderr: stdout may be --json)."""
    if reload_running(config.data_dir(data_dir) / "nats"):
        errors.print(t("broker.reloaded"))
    else:
        errors.print(t("broker.reload_hint"))


def add_integrator(data_dir: Path | None, token_id: str, subject: str) -> Path:
    """The integrator's NATS key (subscribe-only) for the token just issued; the seed file's path."""
    broker = credentials(data_dir)
    broker.ensure_relay()
    path = broker.add_integrator(token_id, subject)
    reload_broker(data_dir)
    return path


def revoke_integrator(data_dir: Path | None, token_id: str) -> None:
    if credentials(data_dir).revoke(token_id):
        reload_broker(data_dir)


def register(app: typer.Typer) -> None:
    broker = typer.Typer(help=t("broker.help"), no_args_is_help=True)
    app.add_typer(broker, name="broker")

    @broker.command("init", help=t("broker.init.help"))
    def init(
        cluster: Annotated[bool, typer.Option("--cluster", help=t("broker.cluster"))] = False,
        data_dir: DataDirOpt = None,
    ) -> None:
        found = credentials(data_dir)
        found.ensure_relay()
        console.print(t("broker.relay_key", path=found.relay_seed_path))
        console.print(t("broker.users", path=found.users_path))
        if cluster:
            found.ensure_routes(CLUSTER_ROUTES)
            console.print(t("broker.routes", path=found.cluster_path))

    @broker.command("list", help=t("broker.list.help"))
    def list_users(data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
        found = credentials(data_dir)
        users = found.users()
        if as_json:
            print_json([{**asdict(user), "seed_file": str(found.seed_path(user.name))} for user in users])
            return
        columns = headers(["名称", "角色", "使用人", "公钥"], ["name", "role", "subject", "public key"])
        rows = [[u.name, _role(u.role), u.subject, u.nkey] for u in users]
        console.print(table("NATS", columns, rows))
