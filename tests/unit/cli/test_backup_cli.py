"""`niangjia backup` and `niangjia restore`: the store copied while in use, put back on purpose only."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import uuid4

from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from typer.testing import CliRunner

from niangjia.cli import build_app
from niangjia.i18n import set_language

runner = CliRunner()


def said(output: str) -> str:
    """The output with the console's line wrapping undone."""
    return " ".join(output.split())


def _store_with_events(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    store = SQLiteEventStore(folder / "events.db")
    try:
        for n in range(count):
            event = NewEvent(event_id=uuid4(), type="Tested", data=json.dumps({"n": n}).encode())
            store.append_sync(f"s-{n}", [event], StreamState.NO_STREAM)
    finally:
        store.close_sync()


def test_back_up_then_restore_into_an_empty_folder(tmp_path: Path) -> None:
    set_language("en")
    try:
        app = build_app()
        _store_with_events(tmp_path / "data", 3)
        backed = runner.invoke(app, ["backup", str(tmp_path / "b"), "--data-dir", str(tmp_path / "data")])
        assert backed.exit_code == 0, backed.output
        assert "3 events, last position 3" in said(backed.output)
        assert json.loads((tmp_path / "b" / "manifest.json").read_text())["events"] == 3

        restored = runner.invoke(app, ["restore", str(tmp_path / "b"), "--data-dir", str(tmp_path / "new")])
        assert restored.exit_code == 0, restored.output
        assert "3 events" in said(restored.output) and "niangjia rebuild" in said(restored.output)
        assert len(SQLiteEventStore(tmp_path / "new" / "events.db").read_all_sync(0)) == 3
    finally:
        set_language("zh")


def test_restore_over_a_store_needs_replace_and_keeps_the_old_file(tmp_path: Path) -> None:
    set_language("en")
    try:
        app = build_app()
        _store_with_events(tmp_path / "data", 2)
        assert runner.invoke(app, ["backup", str(tmp_path / "b"), "--data-dir", str(tmp_path / "data")]).exit_code == 0
        _store_with_events(tmp_path / "live", 5)

        refused = runner.invoke(app, ["restore", str(tmp_path / "b"), "--data-dir", str(tmp_path / "live")])
        assert refused.exit_code != 0
        assert len(SQLiteEventStore(tmp_path / "live" / "events.db").read_all_sync(0)) == 5

        replaced = runner.invoke(
            app, ["restore", str(tmp_path / "b"), "--data-dir", str(tmp_path / "live"), "--replace"]
        )
        assert replaced.exit_code == 0, replaced.output
        assert "kept as" in said(replaced.output)
        assert len(SQLiteEventStore(tmp_path / "live" / "events.db").read_all_sync(0)) == 2
        assert len(list((tmp_path / "live").glob("events.db.replaced-*"))) >= 1
    finally:
        set_language("zh")


def test_bad_input_gets_a_clear_error_in_chinese_by_default(tmp_path: Path) -> None:
    set_language("zh")
    app = build_app()
    missing = runner.invoke(app, ["backup", str(tmp_path / "b"), "--data-dir", str(tmp_path / "nothing")])
    assert missing.exit_code != 0 and "没有事件存储" in str(missing.exception)
    not_backup = runner.invoke(app, ["restore", str(tmp_path), "--data-dir", str(tmp_path / "new")])
    assert not_backup.exit_code != 0 and "不是 niangjia 的事件存储备份" in str(not_backup.exception)
    assert not (tmp_path / "new" / "events.db").exists()
