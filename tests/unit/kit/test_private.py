"""keep_private: the umask becomes 0o077 and what is already in the data folder loses its group
and other bits; a link out of the folder is not followed."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from niangjia_kit.private import keep_private, open_paths


@pytest.fixture
def restore_umask() -> Iterator[None]:
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_what_is_there_is_tightened_and_what_comes_is_private(tmp_path: Path, restore_umask: None) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    (data / "read-models").mkdir()
    (data / "logs" / "orgs.log").write_text("x")
    (data / "events.db").write_text("x")
    (data / "run.sh").write_text("x")
    (data / "run.sh").chmod(0o755)
    outside = tmp_path / "shared.txt"
    outside.write_text("x")
    outside.chmod(0o644)
    (data / "link").symlink_to(outside)
    data.chmod(0o755)
    assert len(open_paths(data)) == 6

    assert keep_private(data) == 6
    assert open_paths(data) == []
    assert mode(data) == 0o700 and mode(data / "logs") == 0o700
    assert mode(data / "events.db") == 0o600 and mode(data / "run.sh") == 0o700
    assert mode(outside) == 0o644, "a link is not followed out of the folder"

    (data / "nats" / "jetstream").mkdir(parents=True)
    with sqlite3.connect(data / "read-models" / "orgs.db") as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        assert open_paths(data) == [], "the database, its -wal and -shm, new folders: private"
    conn.close()


def test_a_missing_folder_only_sets_the_umask(tmp_path: Path, restore_umask: None) -> None:
    assert keep_private(tmp_path / "absent") == 0
    (tmp_path / "new").write_text("x")
    assert mode(tmp_path / "new") == 0o600
