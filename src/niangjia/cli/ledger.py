"""`niangjia verify` and `niangjia ledger key|sync`: the verifiable ledger from the command line."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from niangjia_eventstore import EventCorrupted, SQLiteEventStore, StoreRegressed
from niangjia_ledger.audit import Report, verify_log
from niangjia_ledger.keys import LedgerKeyError, Signer, load_or_create_signing_key, load_signing_key, public_pem
from niangjia_ledger.pages import Tail
from niangjia_ledger.runner import Ledger
from niangjia_ledger.split import hash_tail, split_at
from niangjia_ledger.state import LedgerFile
from niangjia_ledger.verification import record_verification, verification_record
from niangjia_verifier import Checkpoint, CheckpointError, Receipt, key_id, load_public_key
from rich.progress import Progress

from niangjia import config
from niangjia.cli.common import DataDirOpt, JsonOpt, console, print_json
from niangjia.errors import CliError
from niangjia.i18n import t

STORE_FILE = "events.db"
LEDGER_FILE = "ledger.db"
KEY_FILE = "ledger.key"
PAGE_SIZE = 10_000


def key_path(folder: Path) -> Path:
    """NIANGJIA_LEDGER_KEY_FILE (a secret given as a file), else <data folder>/ledger.key."""
    return Path(os.environ.get("NIANGJIA_LEDGER_KEY_FILE") or folder / KEY_FILE)


def _store(data_dir: Path | None) -> tuple[Path, Path]:
    """The data folder and its event store, which must exist."""
    folder = config.data_dir(data_dir)
    store_path = folder / STORE_FILE
    if not store_path.is_file():
        raise CliError(t("verify.no_store", path=store_path))
    return folder, store_path


def _ledger(ledger_file: Path | None, folder: Path) -> tuple[Path, LedgerFile | None]:
    """The ledger's path (`--ledger`, else the data folder's) and the ledger, read-only, if it exists."""
    ledger_path = ledger_file or folder / LEDGER_FILE
    return ledger_path, LedgerFile(ledger_path, readonly=True) if ledger_path.is_file() else None


def register(app: typer.Typer) -> None:
    @app.command("verify", help=t("verify.help"))
    def verify(
        data_dir: DataDirOpt = None,
        ledger_file: Annotated[Path | None, typer.Option("--ledger", help=t("verify.ledger"))] = None,
        witness: Annotated[list[Path] | None, typer.Option("--witness", help=t("verify.witness"))] = None,
        public_key: Annotated[list[Path] | None, typer.Option("--public-key", help=t("verify.public_key"))] = None,
    ) -> None:
        folder, store_path = _store(data_dir)
        ledger_path, ledger = _ledger(ledger_file, folder)
        if ledger is None:
            console.print(t("verify.no_ledger", path=ledger_path))
        try:
            keys = _trusted_keys(public_key or [], ledger, folder)
            witnessed = _witnesses(witness or [])
            report = asyncio.run(_verify(store_path, ledger, keys, witnessed))
        finally:
            if ledger is not None:
                ledger.close()
        _print_report(report)
        try:  # for the auditor's view (GET /ledger/status, the dashboard)
            record_verification(folder, verification_record(report, datetime.now(UTC), witnesses=len(witnessed)))
        except OSError as error:
            console.print(t("verify.not_recorded", error=error))
        if not report.ok:
            raise typer.Exit(1)

    @app.command("verify-report", help=t("verify_report.help"))
    def verify_report(
        receipt_file: Annotated[Path, typer.Argument(help=t("verify_report.receipt"))],
        report_file: Annotated[Path | None, typer.Argument(help=t("verify_report.report"))] = None,
        data_dir: DataDirOpt = None,
        ledger_file: Annotated[Path | None, typer.Option("--ledger", help=t("verify.ledger"))] = None,
        public_key: Annotated[list[Path] | None, typer.Option("--public-key", help=t("verify.public_key"))] = None,
    ) -> None:
        from niangjia.reproduce import check_receipt

        folder, store_path = _store(data_dir)
        try:
            receipt = Receipt.from_json(json.loads(receipt_file.read_text(encoding="utf-8")))
            report = report_file.read_bytes() if report_file is not None else None
        except (OSError, ValueError) as error:
            raise CliError(t("verify_report.bad_receipt", path=receipt_file, error=error)) from error
        ledger_path, ledger = _ledger(ledger_file, folder)
        try:
            keys = _trusted_keys(public_key or [], ledger, folder)
        finally:
            if ledger is not None:
                ledger.close()
        try:
            with console.status(t("verify_report.progress", position=receipt.position)):
                outcome = check_receipt(receipt, store_path, keys, ledger_path=ledger_path, report=report)
        except (EventCorrupted, StoreRegressed) as error:  # the store refused to give the log back as it was
            console.print(t("verify_report.failed", problem=str(error)), style="red", markup=False)
            raise typer.Exit(1) from None
        if not outcome.ok:
            console.print(f"[red]{t('verify_report.failed', problem=outcome.problem)}[/red]")
            raise typer.Exit(1)
        console.print(t("verify_report.ok", path=receipt.path, position=receipt.position))

    ledger_app = typer.Typer(help=t("ledger.help"), no_args_is_help=True)
    app.add_typer(ledger_app, name="ledger")

    @ledger_app.command("key", help=t("ledger.key.help"))
    def key(data_dir: DataDirOpt = None) -> None:
        path = key_path(config.data_dir(data_dir))
        private, created = _load_or_create(path)
        if created:
            console.print(t("ledger.key.created", path=path))
        signer = Signer(private)
        typer.echo(f"key_id {signer.key_id}\nbase64 {signer.public_base64}\n{public_pem(signer.public_key)}", nl=False)

    @ledger_app.command("sync", help=t("ledger.sync.help"))
    def sync(data_dir: DataDirOpt = None, as_json: JsonOpt = False) -> None:
        folder = config.data_dir(data_dir)
        if not (folder / STORE_FILE).is_file():
            raise CliError(t("verify.no_store", path=folder / STORE_FILE))
        private, _ = _load_or_create(key_path(folder))
        state = LedgerFile(folder / LEDGER_FILE, log_id=os.environ.get("NIANGJIA_LEDGER_LOG_ID") or None)
        try:
            added = asyncio.run(_sync(folder / STORE_FILE, state, Signer(private)))
            checkpoint = state.latest_checkpoint()
        finally:
            state.close()
        if as_json:
            print_json(checkpoint.to_json() if checkpoint else None)
            return
        console.print(t("ledger.sync.done", added=added, size=checkpoint.tree_size if checkpoint else 0))


def _load_or_create(path: Path) -> tuple[Ed25519PrivateKey, bool]:
    try:
        return load_or_create_signing_key(path)
    except (LedgerKeyError, OSError) as error:
        raise CliError(str(error)) from error


async def _sync(store_path: Path, state: LedgerFile, signer: Signer) -> int:
    async with SQLiteEventStore(store_path) as store:
        return await Ledger(store, state, signer).catch_up()


async def _verify(
    store_path: Path, ledger: LedgerFile | None, keys: dict[str, Ed25519PublicKey], witness: list[Checkpoint]
) -> Report:
    async with SQLiteEventStore(store_path) as store:
        total = await store.last_position()
        split = split_at(total)  # the log's tail hashed on the other core, in a child process
        tail = None if split is None else Tail(split, asyncio.ensure_future(hash_tail(store_path, split, PAGE_SIZE)))
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(t("verify.progress"), total=total or 1)
            return await verify_log(
                store,
                ledger,
                keys,
                witness=witness,
                progress=lambda at: progress.update(task, completed=at),
                page_size=PAGE_SIZE,
                tail=tail,
            )


def _trusted_keys(files: list[Path], ledger: LedgerFile | None, folder: Path) -> dict[str, Ed25519PublicKey]:
    """The keys given with --public-key; else those the ledger file recorded and the key file's own."""
    keys: dict[str, Ed25519PublicKey] = {}
    try:
        for path in files:
            public = load_public_key(path.read_bytes())
            keys[key_id(public)] = public
    except (OSError, CheckpointError) as error:
        raise CliError(t("verify.bad_key", error=error)) from error
    if files:
        return keys
    console.print(t("verify.trusting_ledger"))
    if ledger is not None:
        for kid, raw in ledger.public_keys().items():
            keys[kid] = load_public_key(base64.b64encode(raw))
    path = key_path(folder)
    if path.is_file():
        try:
            own = load_signing_key(path).public_key()
        except LedgerKeyError as error:
            raise CliError(t("verify.bad_key", error=error)) from error
        keys[key_id(own)] = own
    return keys


def _witnesses(files: list[Path]) -> list[Checkpoint]:
    """Checkpoints from witness files: one JSON checkpoint, a JSON array of them, or JSON lines."""
    found: list[Checkpoint] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8").strip()
            try:
                values = json.loads(text)
            except json.JSONDecodeError:
                values = [json.loads(line) for line in text.splitlines() if line.strip()]
            found += [Checkpoint.from_json(v) for v in (values if isinstance(values, list) else [values])]
        except (OSError, ValueError) as error:
            raise CliError(t("verify.bad_witness", path=path, error=error)) from error
    return found


def _print_report(report: Report) -> None:
    finding = report.finding
    if finding is None:
        console.print(t("verify.ok", events=report.events, checkpoints=report.checkpoints, uncovered=report.uncovered))
        return
    where = t("verify.at", position=finding.position) if finding.position is not None else ""
    console.print(f"[red]{t('verify.failed', kind=t('verify.kind.' + finding.kind.value), where=where)}[/red]")
    console.print(finding.detail)
