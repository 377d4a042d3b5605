"""tokens create / list / revoke: the tokens file every service reads (no restart needed)."""

from typing import Annotated

import typer
from niangjia_kit.auth import Role, TokenStore

from niangjia import config
from niangjia.cli import arguments, broker
from niangjia.cli.common import DataDirOpt, JsonOpt, console, print_json, table
from niangjia.i18n import language, t


def _store(data_dir: DataDirOpt) -> TokenStore:
    return TokenStore(config.tokens_path(config.data_dir(data_dir)))


def register(app: typer.Typer) -> None:
    """`tokens` and its sibling `broker` (the NATS keys that go with integrators' tokens)."""
    tokens = typer.Typer(help=t("tokens.help"), no_args_is_help=True)
    app.add_typer(tokens, name="tokens")
    broker.register(app)

    @tokens.command("create", help=t("tokens.create.help"))
    def create(
        role: Annotated[Role, typer.Option("--role")],
        subject: Annotated[
            str, typer.Option("--subject", help="who uses it, e.g. 湖塘镇妇联·张敏", callback=arguments.subject)
        ],
        scope: Annotated[str | None, typer.Option("--scope", help=t("region.help"), callback=arguments.region)] = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        entry, secret = _store(data_dir).issue(subject, role, scope)
        # an integrator also gets its subscribe-only NATS key, named by the token's id
        nkey = broker.add_integrator(data_dir, entry.token_id, subject) if role is Role.INTEGRATOR else None
        if as_json:
            print_json({**entry.to_json(), "token": secret, "sha256": None, "nats_nkey_file": nkey and str(nkey)})
            return
        console.print(t("tokens.created", id=entry.token_id, role=role.value, scope=scope or t("tokens.everywhere")))
        typer.echo(secret)
        if nkey is not None:
            console.print(t("tokens.nats_key", path=nkey))

    @tokens.command("list", help=t("tokens.list.help"))
    def list_tokens(data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
        entries = _store(data_dir).entries()
        if as_json:
            print_json([{k: v for k, v in e.to_json().items() if k != "sha256"} for e in entries])
            return
        en = language() == "en"
        headers = (
            ["id", "subject", "role", "scope", "created", "revoked"]
            if en
            else ["编号", "使用人", "角色", "范围", "创建时间", "吊销时间"]
        )
        rows = [
            [
                e.token_id,
                e.subject,
                e.role.value,
                e.scope or t("tokens.everywhere"),
                e.created_at[:19],
                (e.revoked_at or "")[:19],
            ]
            for e in entries
        ]
        console.print(table("tokens", headers, rows))

    @tokens.command("revoke", help=t("tokens.revoke.help"))
    def revoke(
        token_id: Annotated[str, typer.Argument(callback=arguments.entity_id)], data_dir: DataDirOpt = None
    ) -> None:
        if _store(data_dir).revoke(token_id):
            broker.revoke_integrator(data_dir, token_id)  # its NATS key, when it had one
            console.print(t("tokens.revoked", id=token_id))
        else:
            console.print(f"[red]{t('tokens.not_found', id=token_id)}[/red]")
            raise typer.Exit(1)
