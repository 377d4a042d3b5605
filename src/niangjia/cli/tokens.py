"""tokens create / list / revoke: the tokens file every service reads (no restart needed)."""

from typing import Annotated
from urllib.parse import urlencode

import typer
from niangjia_contracts.names import ROLES, name
from niangjia_kit.tokens import Role, TokenStore

from niangjia import config
from niangjia.cli import arguments, broker
from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, console, headers, print_json, report, table
from niangjia.cli.formats import instant
from niangjia.i18n import language, t


def _store(data_dir: DataDirOpt) -> TokenStore:
    return TokenStore(config.tokens_path(config.data_dir(data_dir)))


def _role(text: str) -> Role:
    """A role by its code or its Chinese or English name (`审计员`, `auditor`)."""
    if isinstance(text, Role):
        return text
    wanted = text.strip().casefold()
    for role in Role:
        if wanted in {role.value, *(n.casefold() for n in ROLES[role.value])}:
            return role
    names = (", " if language() == "en" else "、").join(name(ROLES, r.value, language()) for r in Role)
    raise typer.BadParameter(t("option.not_a_name", value=text, names=names))


def dashboard_link(secret: str, scope: str | None) -> str:
    """The dashboard's address with the token, the region and the language after `#` (never sent)."""
    fragment = {"token": secret, **({"region": scope} if scope else {}), "lang": language()}
    return f"{config.Urls.from_env().projections.rstrip('/')}/#{urlencode(fragment, safe='/')}"


def register(app: typer.Typer) -> None:
    """`tokens` (an integrator's token comes with its NATS key: see the sibling `broker`)."""
    tokens = typer.Typer(help=t("tokens.help"), no_args_is_help=True)
    app.add_typer(tokens, name="tokens")

    @tokens.command("create", help=t("tokens.create.help"))
    def create(
        role: Annotated[
            Role,
            typer.Option(
                "--role",
                help=t(
                    "tokens.role.help",
                    roles=(", " if language() == "en" else "、").join(name(ROLES, r.value, language()) for r in Role),
                ),
                parser=_role,
                metavar=t("option.name_metavar"),
            ),
        ],
        subject: Annotated[str, typer.Option("--subject", help=t("tokens.subject.help"), callback=arguments.subject)],
        scope: Annotated[str | None, typer.Option("--scope", help=t("region.help"), callback=arguments.region)] = None,
        link: Annotated[bool, typer.Option("--link", help=t("tokens.link.help"))] = False,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        entry, secret = _store(data_dir).issue(subject, role, scope)
        address = dashboard_link(secret, scope) if link else None
        # an integrator also gets its subscribe-only NATS key, named by the token's id
        nkey = broker.add_integrator(data_dir, entry.token_id, subject) if role is Role.INTEGRATOR else None
        if as_json:
            answer = {**entry.to_json(), "token": secret, "sha256": None, "nats_nkey_file": nkey and str(nkey)}
            print_json({**answer, "dashboard": address} if link else answer)
            return
        role_name = name(ROLES, role.value, language())
        console.print(t("tokens.created", id=entry.token_id, role=role_name, scope=scope or t("tokens.everywhere")))
        typer.echo(secret)
        if nkey is not None:
            console.print(t("tokens.nats_key", path=nkey))
        if address is not None:
            console.print(t("tokens.link"))
            typer.echo(address)

    @tokens.command("list", help=t("tokens.list.help"))
    def list_tokens(data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
        entries = _store(data_dir).entries()
        if as_json:
            print_json([{k: v for k, v in e.to_json().items() if k != "sha256"} for e in entries])
            return
        columns = headers(
            ["编号", "使用人", "角色", "范围", "创建时间", "吊销时间"],
            ["id", "subject", "role", "scope", "created", "revoked"],
        )
        rows = [
            [
                e.token_id,
                e.subject,
                name(ROLES, e.role.value, language()),
                e.scope or t("tokens.everywhere"),
                instant(e.created_at, language()),
                instant(e.revoked_at, language()) if e.revoked_at else "",
            ]
            for e in entries
        ]
        console.print(table(t("tokens.title"), columns, rows))

    @tokens.command("me", help=t("tokens.me.help"))
    def me(token: TokenOpt = None, data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
        """What the projections service says of the token in use (GET /me): no tokens file needed."""
        found = report(token, data_dir, "/me", {}, as_json)
        if found is None:
            return
        sep = ", " if language() == "en" else "、"
        may = sep.join(t(f"tokens.may.{p}") for p in found["permissions"]) or "–"
        console.print(
            t(
                "tokens.me",
                id=found["token_id"],
                role=name(ROLES, found["role"], language()),
                scope=found["scope"] or t("tokens.everywhere"),
                may=may,
            )
        )

    @tokens.command("revoke", help=t("tokens.revoke.help"))
    def revoke(
        token_id: Annotated[str, typer.Argument(help=t("option.token_id"), callback=arguments.entity_id)],
        data_dir: DataDirOpt = None,
    ) -> None:
        if _store(data_dir).revoke(token_id):
            broker.revoke_integrator(data_dir, token_id)  # its NATS key, when it had one
            console.print(t("tokens.revoked", id=token_id))
        else:
            console.print(f"[red]{t('tokens.not_found', id=token_id)}[/red]")
            raise typer.Exit(1)
