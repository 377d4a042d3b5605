"""The operator's commands: run the services, the demo data, rebuild, back up and restore."""

import os
from pathlib import Path
from typing import Annotated

import typer

from niangjia import config
from niangjia.cli import arguments
from niangjia.cli.common import DataDirOpt, TokenOpt, console
from niangjia.errors import CliError
from niangjia.i18n import t


def register(app: typer.Typer) -> None:
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
        model: Annotated[
            list[str] | None, typer.Option("--model", help=t("rebuild.model"), callback=arguments.model_names)
        ] = None,
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
