"""`niangjia verify` over a real SQLite data folder tampered with through SQL: each tampering is
found with its position and kind, and the command exits non-zero; an untouched store passes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from niangjia_ledger.verification import last_verification
from typer.testing import CliRunner, Result

from niangjia.backup import backup_sqlite_store, restore_sqlite_store
from niangjia.cli import build_app
from niangjia.client import CliError
from niangjia.i18n import set_language
from tests.integration.ledger import tampering

runner = CliRunner()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("zh")


def said(result: Result) -> str:
    return " ".join(result.output.split())


def add_events(folder: Path, count: int, stream: str = "s") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    store = SQLiteEventStore(folder / "events.db")
    try:
        for n in range(count):
            data = json.dumps({"n": n, "goods_value": "1200.00"}).encode()
            store.append_sync(f"{stream}-{n}", [NewEvent(event_id=uuid4(), type="Tested", data=data)], StreamState.ANY)
    finally:
        store.close_sync()


def cli(*args: str) -> Result:
    return runner.invoke(build_app(), list(args))


def synced(folder: Path, count: int = 10) -> Path:
    add_events(folder, count)
    result = cli("ledger", "sync", "--data-dir", str(folder))
    assert result.exit_code == 0, result.output
    return folder / "events.db"


def test_an_untouched_store_passes(tmp_path: Path) -> None:
    synced(tmp_path)
    add_events(tmp_path, 2, stream="later")  # not yet in the ledger: counted, not a difference
    result = cli("verify", "--data-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "verified: 12 events, 1 checkpoint; 2 newer events not yet in the ledger" in said(result)
    recorded = last_verification(tmp_path)  # for the auditor's view
    assert recorded is not None
    assert (recorded["ok"], recorded["events"], recorded["uncovered"], recorded["finding"]) == (True, 12, 2, None)


TAMPERINGS: list[tuple[str, Callable[[Path], None], str]] = [
    ("one data byte", lambda db: tampering.flip_data_byte(db, 4, at=7), "altered at position 4"),
    ("the type", lambda db: tampering.change_column(db, 6, "type"), "altered at position 6"),
    ("the time", lambda db: tampering.change_column(db, 2, "recorded_at"), "altered at position 2"),
    ("the metadata", lambda db: tampering.change_column(db, 9, "metadata"), "altered at position 9"),
    ("a deleted row", lambda db: tampering.delete(db, 5), "removed at position 5"),
    ("two swapped events", lambda db: tampering.swap(db, 3, 7), "reordered at position 3"),
    ("a forged event", lambda db: tampering.insert_forged(db, 6), "inserted at position 6"),
    ("the last rows gone", lambda db: tampering.truncate(db, 8), "rolled back at position 9"),
]


@pytest.mark.parametrize(("name", "tamper", "expected"), TAMPERINGS, ids=[t[0] for t in TAMPERINGS])
def test_each_tampering_is_found_with_its_position_and_kind(
    tmp_path: Path, name: str, tamper: Callable[[Path], None], expected: str
) -> None:
    tamper(synced(tmp_path))
    result = cli("verify", "--data-dir", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert f"difference found: {expected}" in said(result)
    recorded = last_verification(tmp_path)
    assert recorded is not None and recorded["ok"] is False
    assert expected == f"{recorded['finding']['kind'].replace('_', ' ')} at position {recorded['finding']['position']}"


def test_an_older_backup_restored_over_a_newer_store_is_a_rollback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    synced(data, 6)
    backup_sqlite_store(data / "events.db", tmp_path / "backup")
    add_events(data, 4, stream="newer")
    assert cli("ledger", "sync", "--data-dir", str(data)).exit_code == 0
    restore_sqlite_store(tmp_path / "backup", data, replace=True)
    result = cli("verify", "--data-dir", str(data))
    assert result.exit_code == 1
    assert "difference found: rolled back at position 7" in said(result)


def test_a_witness_finds_a_rollback_of_both_the_store_and_the_ledger(tmp_path: Path) -> None:
    data = tmp_path / "data"
    synced(data, 6)
    shutil.copytree(data, tmp_path / "old")
    add_events(data, 3, stream="newer")
    signed = cli("ledger", "sync", "--data-dir", str(data), "--json")
    (tmp_path / "witness.json").write_text(signed.stdout)
    for name in ("events.db", "ledger.db"):
        for suffix in ("", "-wal", "-shm"):
            (data / f"{name}{suffix}").unlink(missing_ok=True)
            if (tmp_path / "old" / f"{name}{suffix}").exists():
                shutil.copy(tmp_path / "old" / f"{name}{suffix}", data / f"{name}{suffix}")
    assert cli("verify", "--data-dir", str(data)).exit_code == 0  # consistent with itself
    result = cli("verify", "--data-dir", str(data), "--witness", str(tmp_path / "witness.json"))
    assert result.exit_code == 1
    assert "difference found: rolled back" in said(result)
    assert "a checkpoint was signed for 9" in said(result)


def test_a_backup_folder_verifies_against_the_ledger_and_a_given_public_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    synced(data, 5)
    backup_sqlite_store(data / "events.db", tmp_path / "backup")
    key = cli("ledger", "key", "--data-dir", str(data))
    pem = key.stdout[key.stdout.index("-----BEGIN") :]
    (tmp_path / "ledger.pub").write_text(pem)
    args = ["verify", "--data-dir", str(tmp_path / "backup"), "--ledger", str(data / "ledger.db")]
    passed = cli(*args, "--public-key", str(tmp_path / "ledger.pub"))
    assert passed.exit_code == 0, passed.output
    other = cli("ledger", "key", "--data-dir", str(tmp_path / "elsewhere"))
    (tmp_path / "other.pub").write_text(other.stdout[other.stdout.index("-----BEGIN") :])
    refused = cli(*args, "--public-key", str(tmp_path / "other.pub"))
    assert refused.exit_code == 1
    assert "difference found: bad checkpoint" in said(refused) and "unknown key" in said(refused)


def test_messages_are_chinese_by_default(tmp_path: Path) -> None:
    tampering.delete(synced(tmp_path), 3)
    set_language("zh")
    result = cli("verify", "--data-dir", str(tmp_path))
    assert result.exit_code == 1
    assert "发现差异：事件被删除，位置 3" in said(result)


def test_a_folder_without_a_store_is_a_clear_error(tmp_path: Path) -> None:
    result = cli("verify", "--data-dir", str(tmp_path))
    assert isinstance(result.exception, CliError)  # main() prints it in red and exits 1
    assert "no event store at" in str(result.exception)
