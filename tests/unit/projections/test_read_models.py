"""Read-only connections kept between queries: lent again on the same files, never on a file a
rebuild swapped out, and reset to what a fresh one would be."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from niangjia_kit.projection import ModelFiles, connect
from niangjia_projections.models.common import ModelMissing, ReadModels


def _generation(files: ModelFiles, name: str, value: str) -> Path:
    path = files.fresh(name)
    conn = connect(path)
    conn.execute("CREATE TABLE fact (value TEXT)")
    conn.execute("INSERT INTO fact VALUES (?)", (value,))
    conn.close()
    files.swap(name, path)
    return path


def _value(models: ReadModels, *names: str) -> tuple[str, ...]:
    with models.connect(*names) as conn:
        schemas = ("main", *names[1:])
        return tuple(conn.execute(f"SELECT value FROM {schema}.fact").fetchone()[0] for schema in schemas)  # noqa: S608


def test_a_connection_is_lent_again_on_the_same_files_and_reset(tmp_path: Path) -> None:
    files = ModelFiles(tmp_path)
    _generation(files, "a", "first")
    models = ReadModels(files)
    with models.connect("a") as conn:
        conn.row_factory = sqlite3.Row
        first = id(conn)
    with models.connect("a") as conn:
        assert id(conn) == first
        assert conn.row_factory is None
        assert conn.in_transaction  # each loan reads one snapshot
    assert not conn.in_transaction  # ended when given back: no reader holds the WAL back
    models.close()


def test_a_swapped_file_is_seen_at_once_and_the_old_files_connections_closed(tmp_path: Path) -> None:
    files = ModelFiles(tmp_path)
    _generation(files, "a", "first")
    _generation(files, "b", "beside")
    models = ReadModels(files)
    assert _value(models, "a", "b") == ("first", "beside")
    with models.connect("a", "b") as old:
        pass
    _generation(files, "b", "rebuilt")
    assert _value(models, "a", "b") == ("first", "rebuilt")
    with pytest.raises(sqlite3.ProgrammingError):  # closed, so the removed file's space is freed
        old.execute("SELECT 1")
    models.close()


def test_a_file_replaced_under_the_same_name_is_not_read_through_an_old_connection(tmp_path: Path) -> None:
    files = ModelFiles(tmp_path)
    path = _generation(files, "a", "first")
    models = ReadModels(files)
    assert _value(models, "a") == ("first",)
    path.unlink()
    conn = connect(path)
    conn.execute("CREATE TABLE fact (value TEXT)")
    conn.execute("INSERT INTO fact VALUES ('restored')")
    conn.close()
    assert _value(models, "a") == ("restored",)
    models.close()


def test_a_connection_whose_query_failed_in_sqlite_is_not_lent_again(tmp_path: Path) -> None:
    files = ModelFiles(tmp_path)
    _generation(files, "a", "first")
    models = ReadModels(files)

    def query(sql: str) -> sqlite3.Connection:
        with models.connect("a") as conn:
            conn.execute(sql)
            return conn

    failed = query("SELECT 1")
    with pytest.raises(sqlite3.OperationalError):
        query("SELECT * FROM missing")
    assert query("SELECT 1") is not failed

    def refused() -> None:
        with models.connect("a") as conn:
            kept.append(conn)
            raise LookupError  # not SQLite's: the connection is lent again

    kept: list[sqlite3.Connection] = []
    with pytest.raises(LookupError):
        refused()
    assert query("SELECT 1") is kept[0]
    models.close()


def test_a_model_without_a_file_is_missing(tmp_path: Path) -> None:
    models = ReadModels(ModelFiles(tmp_path))
    with pytest.raises(ModelMissing), models.connect("a"):
        pass
