"""The `niangjia` command: its app, built after the language is known so help texts follow it."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from niangjia import config
from niangjia.cli import keys, ledger, members, records, reports, tokens
from niangjia.cli.common import DataDirOpt, TokenOpt, console, errors
from niangjia.client import CliError
from niangjia.demo.loader import LoadError
from niangjia.i18n import LANGUAGES, detect, set_language, t


def build_app() -> typer.Typer:
    app = typer.Typer(help=t("app.help"), no_args_is_help=True, add_completion=False, rich_markup_mode="rich")

    @app.callback()
    def root(lang: Annotated[str | None, typer.Option("--lang", help=t("lang.help"))] = None) -> None:
        if lang:
            set_language(lang)

    @app.command("up", help=t("up.help"))
    def up(
        data_dir: DataDirOpt = None,
        no_demo: Annotated[bool, typer.Option("--no-demo", help=t("up.no_demo"))] = False,
        base_port: Annotated[
            int | None,
            typer.Option("--base-port", help=t("up.base_port"), envvar="NIANGJIA_BASE_PORT", min=1024, max=65000),
        ] = None,
    ) -> None:
        from niangjia.up import run_up

        code = run_up(config.data_dir(data_dir), config.Ports.from_base(base_port), demo=not no_demo, console=console)
        raise typer.Exit(code)

    @app.command("demo", help=t("demo.help"))
    def demo(token: TokenOpt = None, data_dir: DataDirOpt = None) -> None:
        from niangjia.demo.run import run_demo

        folder = config.data_dir(data_dir)
        resolved = config.token(token, folder)
        if resolved is None:
            raise CliError(t("error.no_token", path=config.admin_token_path(folder)))
        _, figures = run_demo(config.Urls.from_env(), resolved, console, tokens_file=config.tokens_path(folder))
        if not all(f.ok for f in figures):
            raise typer.Exit(1)

    @app.command("rebuild", help=t("rebuild.help"))
    def rebuild(
        data_dir: DataDirOpt = None,
        model: Annotated[list[str] | None, typer.Option("--model")] = None,
    ) -> None:
        from niangjia_projections.entrypoints.cli import run_cli

        os.environ["NIANGJIA_DATA_DIR"] = str(config.data_dir(data_dir))
        argv = ["rebuild"]
        for name in model or []:
            argv += ["--model", name]
        code = run_cli(argv)
        if code == 0:
            console.print(t("rebuild.done"))
        raise typer.Exit(code)

    @app.command("backup", help=t("backup.help"))
    def backup(
        dest: Annotated[Path, typer.Argument(help=t("backup.dest"))],
        data_dir: DataDirOpt = None,
    ) -> None:
        from niangjia.backup import STORE_FILE, BackupError, backup_sqlite_store

        store = config.data_dir(data_dir) / STORE_FILE
        if not store.is_file():
            raise CliError(t("backup.no_store", path=store))
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise CliError(t("backup.dest_used", path=dest))
        try:
            info = backup_sqlite_store(store, dest)
        except BackupError as error:
            raise CliError(str(error)) from error
        console.print(t("backup.done", path=info.path, events=info.events, position=info.last_position))

    @app.command("restore", help=t("restore.help"))
    def restore(
        source: Annotated[Path, typer.Argument(help=t("restore.source"))],
        data_dir: DataDirOpt = None,
        replace: Annotated[bool, typer.Option("--replace", help=t("restore.replace"))] = False,
    ) -> None:
        from niangjia.backup import MANIFEST, STORE_FILE, BackupError, restore_sqlite_store

        folder = config.data_dir(data_dir)
        if not (source / MANIFEST).is_file():
            raise CliError(t("restore.not_backup", path=source))
        if (folder / STORE_FILE).exists() and not replace:
            raise CliError(t("restore.exists", path=folder / STORE_FILE))
        try:
            info = restore_sqlite_store(source, folder, replace=replace)
        except BackupError as error:
            raise CliError(str(error)) from error
        console.print(t("restore.done", path=info.store, events=info.events, position=info.last_position))
        if info.replaced is not None:
            console.print(t("restore.kept", path=info.replaced))
        for moved in info.consumers_moved:
            console.print(t("restore.consumer_kept", path=moved))

    records.register(app)
    reports.register(app)
    tokens.register(app)
    ledger.register(app)
    members.register(app)
    keys.register(app)
    return app


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    flag = _language_from_argv(args)
    if flag is not None and flag.lower() not in LANGUAGES:
        set_language(detect())
        errors.print(f"[red]{t('lang.unknown', lang=flag)}[/red]")
        raise SystemExit(2)
    set_language(detect(flag))
    app = build_app()
    try:
        app(args=args, prog_name="niangjia", standalone_mode=True)
    except (CliError, LoadError) as error:
        errors.print(f"[red]{error}[/red]")
        raise SystemExit(1) from None
