"""What the commands share: options, where the services are, the token, printing tables or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from niangjia import config
from niangjia.cli import arguments
from niangjia.errors import CliError
from niangjia.i18n import language, t

if TYPE_CHECKING:
    from niangjia.client import Api


class _Console(Console):
    """Rich's console, but a message written to a file or a pipe stays on one line: Rich would break
    it at 80 columns, mid-word or mid-sentence (the terminal wraps it where it is shown). Tables are
    laid out as before."""

    def print(self, *objects: Any, **options: Any) -> None:
        if not self.is_terminal and all(isinstance(o, str | Text) for o in objects):
            options.setdefault("soft_wrap", True)
        super().print(*objects, **options)


console = _Console()
errors = _Console(stderr=True)


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
    from niangjia.client import Api  # the HTTP client loads only for the commands that call a service

    return Api(config.Urls.from_env(), resolved)


def report(token: str | None, data_dir: Path | None, path: str, params: dict[str, Any], as_json: bool) -> Any:
    """GET a report from the projections service; with `as_json` print it and answer None (the
    command has nothing more to show)."""
    with api(token, data_dir) as client:
        result = client.get("projections", path, params)
    if as_json:
        print_json(result)
        return None
    return result


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def headers(zh: Sequence[str], en: Sequence[str]) -> Sequence[str]:
    """A table's column names in the user's language: Chinese (the default) or English."""
    return en if language() == "en" else zh


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    out = Table(title=title, header_style="bold")
    for header in headers:
        # fold: a Chinese name has no spaces to break at, and Rich would crop it with "…"
        out.add_column(header, overflow="fold")
    for row in rows:
        out.add_row(*("" if v is None else str(v) for v in row))
    return out
