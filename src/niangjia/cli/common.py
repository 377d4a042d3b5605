"""What the commands share: options, where the services are, the token, printing tables or JSON."""

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer._click import exceptions as click  # the click that typer runs on (vendored)

from niangjia import config
from niangjia.cli import arguments
from niangjia.client import Api, CliError
from niangjia.i18n import t

console = Console()
errors = Console(stderr=True)


def DataDir() -> Any:
    return typer.Option(
        "--data-dir",
        help=t("data_dir.help"),
        envvar="NIANGJIA_DATA_DIR",
        show_default=False,
        callback=arguments.data_folder,
    )


def Token() -> Any:
    return typer.Option("--token", help=t("token.help"), show_default=False)


def Json() -> Any:
    return typer.Option("--json", help=t("json.help"))


DataDirOpt = Annotated[Path | None, DataDir()]
TokenOpt = Annotated[str | None, Token()]
JsonOpt = Annotated[bool, Json()]


def api(token: str | None, data_dir: Path | None) -> Api:
    folder = config.data_dir(data_dir)
    resolved = config.token(token, folder)
    if resolved is None:
        raise CliError(t("error.no_token", path=config.admin_token_path(folder)))
    return Api(config.Urls.from_env(), resolved)


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    out = Table(title=title, header_style="bold")
    for header in headers:
        out.add_column(header)
    for row in rows:
        out.add_row(*("" if v is None else str(v) for v in row))
    return out


def usage_error(error: click.UsageError) -> str:
    """A usage error in the user's language, on one line, with where to find the command's usage."""
    ctx = error.ctx
    where = t("arg.help_hint", command=ctx.command_path) if ctx is not None else ""
    if isinstance(error, click.NoSuchOption):
        return t("arg.no_such_option", name=error.option_name) + where
    if not isinstance(error, click.BadParameter):
        return t("arg.usage", detail=error.format_message()) + where
    param = error.param
    hint = param.get_error_hint(ctx) if param is not None and ctx is not None else None
    if isinstance(error, click.MissingParameter):
        return t("arg.missing", param=hint or str(error.param_hint or "")) + where
    if hint:
        detail = error.message
        choices = getattr(param.type, "choices", None) if param is not None else None
        kind = getattr(param.type, "name", "") if param is not None else ""
        if kind == "int":
            detail = t("arg.int")
        elif kind == "int range" and param is not None:
            detail = t("arg.int_range", low=getattr(param.type, "min", ""), high=getattr(param.type, "max", ""))
        elif choices:
            detail = t("arg.choice", choices=", ".join(str(getattr(c, "value", c)) for c in choices))
        return t("arg.bad", param=hint, detail=detail) + where
    return t("arg.usage", detail=error.format_message()) + where
