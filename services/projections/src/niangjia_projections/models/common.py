"""What the read models share: the two clocks, region filters, money and shares, their tables and
named inserts, and opening them for queries."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from niangjia_kit.clock import CHINA_STANDARD_TIME
from niangjia_kit.projection import ModelFiles, connect, to_us

END_OF_TIME = "9999-12-31"
FOREVER_US = 2**62


@dataclass(frozen=True, slots=True)
class Clocks:
    """`as_of`: the business date the report stands on; `known_at`: what the system had recorded by then."""

    as_of: date | None = None
    known_at: datetime | None = None

    @property
    def day(self) -> str:
        return self.as_of.isoformat() if self.as_of else END_OF_TIME

    @property
    def known_us(self) -> int:
        return to_us(self.known_at) if self.known_at else FOREVER_US

    def as_dict(self) -> dict[str, str | None]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "known_at": self.known_at.isoformat() if self.known_at else None,
        }


_DAY_US = 86_400_000_000
_CHINA_US = 8 * 3_600_000_000


def china_day(us: int) -> str:
    """The day in China (YYYY-MM-DD) of a time in microseconds since the epoch (UTC)."""
    return _day((us + _CHINA_US) // _DAY_US)


@lru_cache(maxsize=4096)
def _day(number: int) -> str:
    return (date(1970, 1, 1) + timedelta(days=number)).isoformat()


def china_date(moment: datetime) -> date:
    """The day in China of an aware time."""
    return moment.astimezone(CHINA_STANDARD_TIME).date()


def within(column: str, region: str | None, key: str = "region") -> tuple[str, dict[str, str]]:
    """SQL (named parameters) keeping rows whose `column` is `region` or lies below it.

    Below `a/b` means from `a/b/` up to `a/b0` ('0' follows '/'), a range an index can serve.
    """
    if region is None:
        return "1", {}
    sql = f"({column} = :{key} OR ({column} >= :{key}_lo AND {column} < :{key}_hi))"
    return sql, {key: region, f"{key}_lo": region + "/", f"{key}_hi": region + "0"}


def within_bounded(column: str, region: str | None, key: str = "region") -> tuple[str, dict[str, str]]:
    """`within`, with the whole range (the region up to `a/b0`) stated as well: where the index
    before `column` is searched by a list (`IN`), SQLite then searches each entry's range instead of
    reading every row under it and testing the `OR`."""
    if region is None:
        return "1", {}
    sql, params = within(column, region, key)
    return f"({column} >= :{key} AND {column} < :{key}_hi AND {sql})", params


def within_parts(column: str, region: str | None, key: str = "region") -> tuple[list[str], dict[str, str]]:
    """`within` as two parts, the region itself and what lies below it, each an index range: rows
    read by region first are read once per part and added up (SQLite reads the two sides of `within`'s
    OR as a set of rows, each row then looked up in its table)."""
    if region is None:
        return ["1"], {}
    _, params = within(column, region, key)
    return [f"{column} = :{key}", f"{column} >= :{key}_lo AND {column} < :{key}_hi"], params


def yuan(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def share(part: int, whole: int) -> str | None:
    if whole == 0:
        return None
    return str((Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")))


class Tables:
    """What a read model's projection shares with the others: its tables are its schema's `DDL`."""

    ddl: Sequence[str] = ()

    def create(self, conn: sqlite3.Connection) -> None:
        for statement in self.ddl:
            conn.execute(statement)


def insert(table: str, columns: Sequence[str], *, verb: str = "INSERT") -> str:
    """`INSERT INTO table (a, b) VALUES (?, ?)`: an insert that names its columns, so a column added
    to the table does not shift the values."""
    marks = ", ".join("?" * len(columns))
    return f"{verb} INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def in_chunks(ids: Sequence[str], size: int = 500) -> Iterator[tuple[str, Sequence[str]]]:
    """`ids` a few hundred at a time, each with its `(?, ?, ...)` for an `IN`."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        yield "(" + ", ".join("?" * len(chunk)) + ")", chunk


class ModelMissing(LookupError):
    """A read model has no file yet."""


_Files = tuple[tuple[str, int], ...]
"""The files a connection is open on, main first: each path and its inode."""


class ReadModels:
    """Read-only connections on the models' current files (a swapped file is seen at once).

    Opening one costs more than most county reports (0.2 ms for the members model, 0.7 ms for the
    activities with the organisations attached: the schema is read again on each), so a connection
    is kept after use, a few per set of files, and lent again to the next query on the same files.
    Each loan resolves the models' links first: a connection is only lent on the files the links
    point at now, and those on a file a rebuild swapped out are closed as soon as that is seen (a
    removed file's space is freed when its last connection closes)."""

    IDLE_PER_FILES = 16
    """Connections kept per set of files: more readers at once open more and close them after."""

    def __init__(self, files: ModelFiles) -> None:
        self.files = files
        self._idle: dict[tuple[str, ...], dict[_Files, list[sqlite3.Connection]]] = {}
        self._lock = threading.Lock()

    @contextmanager
    def connect(self, main: str, *attached: str) -> Iterator[sqlite3.Connection]:
        with self.connect_on(main, *attached) as (conn, _):
            yield conn

    @contextmanager
    def connect_on(self, main: str, *attached: str) -> Iterator[tuple[sqlite3.Connection, _Files]]:
        """`connect`, with the files the connection is on (`generation`)."""
        names = (main, *attached)
        files = self.generation(*names)
        conn = self._lend(names, files) or self._open(names, files)
        try:
            conn.execute("BEGIN")
            yield conn, files
        except sqlite3.Error:
            conn.close()  # not lent again: whatever failed may have been the connection
            raise
        except BaseException:
            self._give_back(names, files, conn)
            raise
        else:
            self._give_back(names, files, conn)

    def close(self) -> None:
        """Close the connections kept (the service is stopping)."""
        with self._lock:
            idle = [conn for by_files in self._idle.values() for conns in by_files.values() for conn in conns]
            self._idle.clear()
        for conn in idle:
            conn.close()

    def _open(self, names: tuple[str, ...], files: _Files) -> sqlite3.Connection:
        conn = connect(files[0][0], readonly=True)
        try:
            for name, (path, _) in zip(names[1:], files[1:], strict=True):
                conn.execute("ATTACH DATABASE ? AS ?", (path, name))
        except BaseException:
            conn.close()
            raise
        return conn

    def _lend(self, names: tuple[str, ...], files: _Files) -> sqlite3.Connection | None:
        stale: list[sqlite3.Connection] = []
        with self._lock:
            by_files = self._idle.get(names)
            if by_files is None:
                return None
            for other in [other for other in by_files if other != files]:
                stale.extend(by_files.pop(other))
            conns = by_files.get(files)
            conn = conns.pop() if conns else None
        for old in stale:
            old.close()
        return conn

    def _give_back(self, names: tuple[str, ...], files: _Files, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.row_factory = None  # a query may have set its own
        with self._lock:
            conns = self._idle.setdefault(names, {}).setdefault(files, [])
            if len(conns) < self.IDLE_PER_FILES:
                conns.append(conn)
                return
        conn.close()

    def generation(self, *names: str) -> _Files:
        """The files the models' links point at now, with their inodes: a rebuild that swaps one in
        changes it, whatever log position the new file reaches."""
        return tuple(self._file(name) for name in names)

    def _file(self, name: str) -> tuple[str, int]:
        """The model's current file and its inode (`ModelFiles.located`)."""
        found = self.files.located(name)
        if found is None:
            raise ModelMissing(name)
        return found
