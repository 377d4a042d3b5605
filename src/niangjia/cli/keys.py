"""keys backup / keys restore / keys accesses: the key store, backed up apart from the events.

The key store (`<data folder>/keys/keys.db`) holds each person's data key. Lost without a backup,
every sealed name and number is lost with it (the events and counts remain): back it up on its
own schedule, to a place apart from the event store's backups. A restored key store forgets again
every person whose erasure the log records (`apply_erasures`), so a backup taken before an erasure
never brings her back."""

import asyncio
import os
import shutil
from pathlib import Path
from typing import Annotated

import typer
from niangjia_contracts.names import ROLES, name
from niangjia_eventstore import SQLiteEventStore
from niangjia_kit.keystore import KEYS_FILE, KeyStore, apply_erasures

from niangjia import config
from niangjia.backup import STORE_FILE
from niangjia.cli import arguments
from niangjia.cli.common import DataDirOpt, JsonOpt, console, print_json, table
from niangjia.cli.formats import instant
from niangjia.errors import CliError
from niangjia.i18n import catalogue, language, local_catalogue, t

_t = local_catalogue("keys")  # catalogues/keys.toml
ReplaceOpt = Annotated[bool, typer.Option("--replace", help=t("keys.restore.replace"))]


def _purpose(code: str) -> str:
    """Why a person's data was opened, by its name (an export by its format); an unknown code as it is."""
    if code.startswith("audit_export_"):
        return _t("purpose.audit_export", format=code.removeprefix("audit_export_").upper())
    return _t(f"purpose.{code}") if f"purpose.{code}" in catalogue("keys") else code


def _keys(folder: Path) -> KeyStore:
    path = folder / KEYS_FILE
    if not path.is_file():
        raise CliError(_t("no_keys", path=path))
    return KeyStore(path)


async def _reapply(keys: KeyStore, store_path: Path) -> int:
    store = SQLiteEventStore(store_path)
    try:
        return await apply_erasures(keys, store)
    finally:
        await store.close()


def register(app: typer.Typer) -> None:
    keys_app = typer.Typer(help=t("keys.help"), no_args_is_help=True)
    app.add_typer(keys_app, name="keys")

    @keys_app.command("backup", help=_t("backup"))
    def backup(dest: Annotated[Path, typer.Argument(help=t("keys.backup.dest"))], data_dir: DataDirOpt = None) -> None:
        if dest.exists():
            raise CliError(_t("exists", path=dest))
        store = _keys(config.data_dir(data_dir))
        try:
            count = store.backup(dest)
        finally:
            store.close()
        console.print(_t("backed_up", keys=count, path=dest))

    @keys_app.command("restore", help=_t("restore"))
    def restore(
        source: Annotated[Path, typer.Argument(help=t("keys.restore.source"))],
        data_dir: DataDirOpt = None,
        replace: ReplaceOpt = False,
    ) -> None:
        folder = config.data_dir(data_dir)
        target = folder / KEYS_FILE
        if not source.is_file():
            raise CliError(_t("no_keys", path=source))
        if target.exists() and not replace:
            raise CliError(_t("exists", path=target))
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if target.exists():
            os.replace(target, target.with_name(target.name + ".replaced"))
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(source, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
        keys = KeyStore(target)
        try:
            store_path = folder / STORE_FILE
            erased = asyncio.run(_reapply(keys, store_path)) if store_path.is_file() else 0
            count = len(keys.key_ids())
        finally:
            keys.close()
        console.print(_t("restored", keys=count, erased=erased))

    @keys_app.command("accesses", help=_t("accesses"))
    def accesses(
        member_id: Annotated[
            str | None, typer.Argument(help=t("option.member_id"), callback=arguments.entity_id)
        ] = None,
        data_dir: DataDirOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        store = _keys(config.data_dir(data_dir))
        try:
            rows = store.accesses(member_id)
        finally:
            store.close()
        if as_json:
            accessed = [
                {"at": a.at, "reader": a.reader, "role": a.role, "member_id": a.key_id, "purpose": a.purpose}
                for a in rows
            ]
            print_json(accessed)
            return
        lang = language()
        lines = [
            [instant(a.at, lang), a.reader, name(ROLES, a.role, lang), a.key_id, _purpose(a.purpose)] for a in rows
        ]
        columns = [_t(f"column.{c}") for c in ("at", "reader", "role", "member", "purpose")]
        console.print(table(_t("accesses"), columns, lines))
