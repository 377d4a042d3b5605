"""`niangjia verify-report`: a receipt taken from the running service, more events recorded after it,
and the earlier report rebuilt from the log byte for byte; with an event before its position
altered through SQL (on a copy), the check fails and names that position."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from niangjia_contracts import DomainEvent
from niangjia_eventstore import StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.auth import Role, TokenStore
from niangjia_projections.bootstrap import build_app
from niangjia_projections.settings import ProjectionsSettings
from typer.testing import CliRunner

from niangjia.cli import build_app as build_cli
from niangjia.i18n import set_language
from tests.unit.projections.harness import founded, held, new_event

BEFORE = [founded("zone"), founded("e1", guided_by="zone"), held("a1", "zone", "2024-02-01", goods="10.00")]
AFTER = [held("a2", "e1", "2024-03-01", goods="20.00"), founded("e2", guided_by="zone")]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("zh")


def _append(folder: Path, events: list[DomainEvent]) -> None:
    store = SQLiteEventStore(folder / "events.db")
    for event in events:
        store.append_sync(event.stream_id, [new_event(event, "alice")], StreamState.ANY)
    store.close_sync()


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A data folder, and a quarter's report with its receipt taken before two more events came."""
    data = tmp_path_factory.mktemp("receipt-data")
    _append(data, BEFORE)
    _, token = TokenStore(data / "tokens.json").issue("rita", Role.REPORTER, "江苏省")
    with TestClient(build_app(ProjectionsSettings(data_dir=data, ledger_interval=0.05))) as client:
        answer = client.get(
            "/campaigns/2024/Q1",
            params={"min_position": len(BEFORE)},
            headers={"Authorization": f"Bearer {token}", "X-Log-Receipt": "true"},
        )
        assert answer.status_code == 200, answer.text
        _append(data, AFTER)
        later = client.get(
            "/campaigns/2024/Q1",
            params={"min_position": len(BEFORE) + len(AFTER)},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert later.content != answer.content  # the later events change the quarter's figures
    papers = tmp_path_factory.mktemp("papers")
    (papers / "receipt.json").write_bytes(base64.b64decode(answer.headers["X-Log-Receipt"]))
    (papers / "report.json").write_bytes(answer.content)
    return data, papers / "receipt.json", papers / "report.json"


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_cli(), list(args))
    return result.exit_code, " ".join(result.output.split())


def test_the_earlier_report_is_rebuilt_byte_for_byte(handed_in: tuple[Path, Path, Path]) -> None:
    data, receipt, report = handed_in
    code, said = cli("verify-report", str(receipt), str(report), "--data-dir", str(data))
    assert code == 0, said
    assert "byte for byte" in said


def test_an_altered_event_before_the_position_is_named(handed_in: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data, receipt, report = handed_in
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    with sqlite3.connect(copy / "events.db") as conn:
        (raw,) = conn.execute("SELECT data FROM events WHERE position = 3").fetchone()
        conn.execute("UPDATE events SET data = ? WHERE position = 3", (bytes(raw).replace(b"10.00", b"90.00"),))
    code, said = cli("verify-report", str(receipt), str(report), "--data-dir", str(copy))
    assert code == 1
    assert "position 3" in said


def test_a_report_file_that_was_changed_is_refused(handed_in: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data, receipt, report = handed_in
    changed = tmp_path / "report.json"
    changed.write_bytes(report.read_bytes().replace(b"10", b"19", 1))
    code, said = cli("verify-report", str(receipt), str(changed), "--data-dir", str(data))
    assert code == 1
    assert "not the ones the receipt signed" in said


def test_a_forged_receipt_is_refused(handed_in: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data, receipt, _ = handed_in
    forged = json.loads(receipt.read_text())
    forged["position"] = 4
    (tmp_path / "receipt.json").write_text(json.dumps(forged))
    code, said = cli("verify-report", str(tmp_path / "receipt.json"), "--data-dir", str(data))
    assert code == 1
    assert "signature" in said


def test_a_changed_report_file_is_told_in_chinese(handed_in: tuple[Path, Path, Path], tmp_path: Path) -> None:
    data, receipt, report = handed_in
    changed = tmp_path / "report.json"
    changed.write_bytes(report.read_bytes().replace(b"10", b"19", 1))
    set_language("zh")
    code, said = cli("verify-report", str(receipt), str(changed), "--data-dir", str(data))
    assert code == 1
    assert "回执不成立：报表文件的字节不是回执所签的那些" in said
