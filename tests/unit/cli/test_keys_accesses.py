"""`niangjia keys accesses`: who read whose personal data, and when, in the user's language: China
time, the reader's role and the purpose by their names; `--json` keeps the codes and the instant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from niangjia_kit.keystore import KEYS_FILE, KeyStore

from tests.support.cli import run_cli


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / KEYS_FILE).parent.mkdir(parents=True)
    keys = KeyStore(tmp_path / KEYS_FILE)
    keys.record_access("2a0f7e3089df", "admin", ["wj-m01"], "chairs_directory")
    keys.record_access("7c827731540a", "auditor", ["wj-m01"], "audit_export_csv")
    keys.close()
    return tmp_path


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("zh", [["管理员", "主任通讯录"], ["审计员", "审计导出（CSV）"]]),
        ("en", [["administrator", "chairs' directory"], ["auditor", "audit export (CSV)"]]),
    ],
)
def test_each_access_is_told_by_names_in_china_time(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    lang: str,
    shown: list[list[str]],
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["--lang", lang, "keys", "accesses", "--data-dir", str(data_dir)])
    assert code == 0, out + err
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    assert [[row[2], row[4]] for row in rows] == shown
    assert all(row[0].endswith("（北京时间）" if lang == "zh" else "China time (UTC+8)") for row in rows), rows
    assert ("时间" if lang == "zh" else "reader (token id)") in out


def test_json_keeps_the_codes_and_the_purpose(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run_cli(capsys, ["keys", "accesses", "wj-m01", "--json", "--data-dir", str(data_dir)])
    assert code == 0
    assert [(a["role"], a["purpose"]) for a in json.loads(out)] == [
        ("admin", "chairs_directory"),
        ("auditor", "audit_export_csv"),
    ]


def test_a_purpose_this_command_line_has_no_name_for_is_shown_as_its_code(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A purpose a newer service records (the log outlives this release): its code, not a failure."""
    keys = KeyStore(tmp_path / KEYS_FILE)
    keys.record_access("2a0f7e3089df", "admin", ["wj-m01"], "yearly_review")
    keys.close()
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["keys", "accesses", "--data-dir", str(tmp_path)])
    assert code == 0, out + err
    assert "yearly_review" in out
