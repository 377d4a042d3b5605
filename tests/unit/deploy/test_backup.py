"""Backups carry a checksum manifest; a damaged backup or an occupied data folder is refused."""

import asyncio
import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from niangjia_eventstore._sqlite_schema import SCHEMA_VERSION

from niangjia.backup import BackupError, backup_sqlite_store, restore_sqlite_store, verify_backup


def make_store(path: Path, events: int, prefix: str = "note") -> None:
    async def fill() -> None:
        store = SQLiteEventStore(path)
        try:
            for n in range(events):
                event = NewEvent(event_id=uuid.uuid4(), type="Noted", data=json.dumps({"n": n}).encode())
                await store.append(f"{prefix}-{n}", [event], StreamState.NO_STREAM)
        finally:
            await store.close()

    asyncio.run(fill())


@pytest.fixture
def store_db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "events.db"
    path.parent.mkdir()
    make_store(path, 3)
    return path


def test_a_backup_is_the_store_file_and_a_manifest_with_its_checksum(store_db: Path, tmp_path: Path) -> None:
    info = backup_sqlite_store(store_db, tmp_path / "backup")
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == ["events.db", "manifest.json"]
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["files"]["events.db"] == {"sha256": info.sha256, "size": info.size}
    assert (manifest["events"], manifest["last_position"], manifest["schema_version"]) == (3, 3, SCHEMA_VERSION)
    assert verify_backup(tmp_path / "backup") == info


def test_a_restored_store_opens_and_holds_the_events(store_db: Path, tmp_path: Path) -> None:
    backup_sqlite_store(store_db, tmp_path / "backup")
    restored = restore_sqlite_store(tmp_path / "backup", tmp_path / "new")

    async def read() -> int:
        store = SQLiteEventStore(restored.store)
        try:
            return len(await store.read_all())
        finally:
            await store.close()

    assert asyncio.run(read()) == 3
    assert restored.replaced is None


def test_a_damaged_backup_is_refused(store_db: Path, tmp_path: Path) -> None:
    backup_sqlite_store(store_db, tmp_path / "backup")
    copy = tmp_path / "backup" / "events.db"
    data = bytearray(copy.read_bytes())
    data[-100] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="does not match its manifest"):
        restore_sqlite_store(tmp_path / "backup", tmp_path / "new")
    assert not (tmp_path / "new" / "events.db").exists()


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path: Path) -> None:
    (tmp_path / "backup").mkdir()
    with pytest.raises(BackupError, match=r"no manifest\.json"):
        verify_backup(tmp_path / "backup")


def test_restore_never_overwrites_a_store_unless_told_and_then_keeps_the_old_one(
    store_db: Path, tmp_path: Path
) -> None:
    backup_sqlite_store(store_db, tmp_path / "backup")
    make_store(store_db, 2, "later")  # the live store moved on: 5 events
    with pytest.raises(BackupError, match="already exists"):
        restore_sqlite_store(tmp_path / "backup", store_db.parent)
    restored = restore_sqlite_store(tmp_path / "backup", store_db.parent, replace=True)
    assert restored.events == 3
    assert restored.replaced is not None and restored.replaced.exists()
    with sqlite3.connect(restored.replaced) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 5


def test_backup_refuses_a_missing_store_an_occupied_destination_and_a_foreign_file(
    store_db: Path, tmp_path: Path
) -> None:
    with pytest.raises(BackupError, match="no event store"):
        backup_sqlite_store(tmp_path / "missing.db", tmp_path / "b1")
    (tmp_path / "b2").mkdir()
    (tmp_path / "b2" / "old").write_text("x")
    with pytest.raises(BackupError, match="not an empty folder"):
        backup_sqlite_store(store_db, tmp_path / "b2")
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupError, match="not a niangjia event store"):
        backup_sqlite_store(foreign, tmp_path / "b3")
