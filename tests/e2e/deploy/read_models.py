"""Compare read models: every table of every model file, rows sorted, as plain values."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from niangjia_eventstore import AppendResult, EventStore, ExpectedVersion, NewEvent, RecordedEvent

Dump = dict[str, dict[str, list[tuple[Any, ...]]]]


def dump(directory: Path) -> Dump:
    """{model: {table: sorted rows}} for every model link (`<model>.db`) in `directory`."""
    result: Dump = {}
    for link in sorted(directory.glob("*.db")):
        if not link.is_symlink() and link.name.count(".") != 1:
            continue
        with contextlib.closing(sqlite3.connect(f"{link.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            result[link.stem] = {}
            for table in sorted(tables):
                query = f'SELECT * FROM "{table}"'  # noqa: S608 - names read from sqlite_master
                result[link.stem][table] = sorted(conn.execute(query).fetchall(), key=repr)
    return result


def row_count(models: Dump) -> int:
    return sum(len(rows) for tables in models.values() for name, rows in tables.items() if name != "_projection")


class UpTo(EventStore):
    """A read-only view of `store` as it was when its last event was at `position`."""

    def __init__(self, store: EventStore, position: int) -> None:
        self.store = store
        self.position = position

    async def append(
        self, stream_id: str, events: Sequence[NewEvent], expected_version: ExpectedVersion
    ) -> AppendResult:
        raise NotImplementedError("read-only view")

    async def read_stream(self, stream_id: str, from_version: int = 0) -> list[RecordedEvent]:
        return [e for e in await self.store.read_stream(stream_id, from_version) if e.position <= self.position]

    async def read_all(self, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        return [e for e in await self.store.read_all(after, limit) if e.position <= self.position]

    async def last_position(self) -> int:
        return min(await self.store.last_position(), self.position)

    async def subscribe(self, after: int = 0, page_size: int = 500) -> AsyncIterator[RecordedEvent]:
        raise NotImplementedError("read-only view")
        yield  # pragma: no cover
