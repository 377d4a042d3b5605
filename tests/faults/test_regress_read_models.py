"""A store truncated below the read models' checkpoints, and an older backup put back, over the
projections service and a real SQLite file: found (`store_regressed`), no report served from it,
writers refused; after `restore`, the read models equal a rebuild of the restored store."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from niangjia_eventstore import SQLiteEventStore, StoreRegressed, StreamState
from niangjia_kit.auth import Role, TokenStore
from niangjia_kit.projection import ModelFiles
from niangjia_projections.bootstrap import build_app
from niangjia_projections.rebuild.read_models import rebuild_read_models
from niangjia_projections.settings import ProjectionsSettings

from niangjia.backup import backup_sqlite_store, restore_sqlite_store
from tests.unit.projections.harness import Recorded, at, dump, founded, held, new_event, record_sqlite

FIRST = [
    *[Recorded(at("2024-01-03"), founded(f"e{i}")) for i in range(4)],
    Recorded(at("2024-02-05"), held("a1", "e1", "2024-02-01", goods="100.00")),
]
LATER = [Recorded(at("2024-03-03"), founded(f"late{i}")) for i in range(3)]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    record_sqlite(folder / "events.db", FIRST)
    backup_sqlite_store(folder / "events.db", tmp_path / "backup")
    record_sqlite(folder / "events.db", LATER)
    return folder


def _reporter(data: Path) -> dict[str, str]:
    return {"Authorization": f"Bearer {TokenStore(data / 'tokens.json').issue('rita', Role.REPORTER)[1]}"}


def _serve_once(data: Path, position: int) -> dict[str, object]:
    """Start the service, wait for the read models to reach `position`, answer /counts."""
    with TestClient(build_app(ProjectionsSettings(data_dir=data))) as client:
        answer = client.get("/counts", params={"min_position": position}, headers=_reporter(data))
        assert answer.status_code == 200, answer.text
        counts: dict[str, object] = answer.json()
        return counts


def _regressed(data: Path) -> None:
    with TestClient(build_app(ProjectionsSettings(data_dir=data))) as client:
        answer = client.get("/counts", headers=_reporter(data))
        assert answer.status_code == 503, answer.text
        error = answer.json()["error"]
        assert error["code"] == "store_regressed"
        assert error["position"] == len(FIRST) + len(LATER)
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["status"] == "store_regressed"
    writer = SQLiteEventStore(data / "events.db")
    try:
        with pytest.raises(StoreRegressed):
            writer.append_sync("federation-new", [new_event(founded("new"), "alice")], StreamState.NO_STREAM)
    finally:
        writer.close_sync()


def test_a_store_truncated_below_the_checkpoints_is_found(data: Path) -> None:
    _serve_once(data, len(FIRST) + len(LATER))
    conn = sqlite3.connect(data / "events.db")
    with conn:
        conn.execute("DELETE FROM events WHERE position > ?", (len(FIRST),))
    conn.close()
    _regressed(data)


def test_an_older_backup_is_found_and_the_restore_procedure_rebuilds_every_read_model(
    data: Path, tmp_path: Path
) -> None:
    _serve_once(data, len(FIRST) + len(LATER))
    for suffix in ("", "-wal", "-shm"):  # the backup's file copied over by hand
        Path(f"{data / 'events.db'}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(tmp_path / "backup" / "events.db", data / "events.db")
    _regressed(data)

    info = restore_sqlite_store(tmp_path / "backup", data, replace=True)
    assert info.last_position == len(FIRST)
    assert any(p.name.startswith("read-models.replaced-") for p in info.consumers_moved)
    restored = _serve_once(data, len(FIRST))

    rebuilt = tmp_path / "rebuilt"
    rebuilt.mkdir()
    shutil.copyfile(tmp_path / "backup" / "events.db", rebuilt / "events.db")
    rebuild_read_models(ProjectionsSettings(data_dir=rebuilt))
    assert dump(ModelFiles(data / "read-models")) == dump(ModelFiles(rebuilt / "read-models"))
    federations = restored["federations"]
    assert isinstance(federations, dict) and federations["total"] == 4
