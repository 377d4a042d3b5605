"""The contenders of the store benchmark: our SQLite store, a bare sqlite3 loop over the same schema, and
eventsourcing's SQLite recorder, each as steps that append or read one batch (store_bench.py races them)."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from niangjia_contracts import (
    DomainEvent,
    EventMetadata,
    decode_event,
    decode_recorded,
    encode_event,
    encode_metadata,
)
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from niangjia_eventstore._checksum import checksum
from niangjia_eventstore._sqlite_schema import migrate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.samples import founded, held

PAGE = 1000


@dataclass(frozen=True)
class Payload:
    type: str
    data: bytes
    metadata: bytes


def payloads(n: int) -> list[Payload]:
    """n events of the two commonest kinds, about 500 bytes each with their envelope metadata."""
    kinds: list[tuple[DomainEvent, date]] = [(founded(), date(2021, 5, 8)), (held(), date(2024, 1, 20))]
    out = []
    for i in range(n):
        event, on = kinds[i % 2]
        meta = EventMetadata(
            schema_version=1,
            occurred_on=on,
            actor="recorder-wj",
            command_id=uuid4(),
            correlation_id=uuid4(),
            source=event.source,
        )
        out.append(Payload(event.event_type, encode_event(event), encode_metadata(meta)))
    return out


def new_events(items: list[Payload]) -> list[NewEvent]:
    return [NewEvent(event_id=uuid4(), type=p.type, data=p.data, metadata=p.metadata) for p in items]


Step = Callable[[int], int]
"""Does step i of a benchmark and returns how many events it handled."""


def row(e: NewEvent, stream_id: str, version: int) -> tuple[bytes, str, int, str, bytes, bytes]:
    """The columns an append writes for an event, in the table's order, before recorded_at and the checksum:
    the bare loops write the same bytes as the store (the checksum too, as the store computes it)."""
    return (e.event_id.bytes, stream_id, version, e.type, e.data, e.metadata)


def their_state(e: NewEvent) -> bytes:
    """eventsourcing keeps one blob per event: it gets our data and metadata, so both write the same bytes."""
    return e.data + b"\n" + e.metadata


def single_contenders(d: Path, events: list[NewEvent]) -> tuple[dict[str, Step], SQLiteApplicationRecorder]:
    """One event per append and commit, over 100 aggregates, each append checked against the version."""
    store = SQLiteEventStore(d / "ours-single.db")
    bare = bare_conn(d / "bare-single.db")
    theirs = their_recorder(d / "theirs-single.db")
    ours_v: dict[str, int | StreamState] = {}
    their_ids = [uuid4() for _ in range(100)]
    their_v: dict[UUID, int] = {}

    def ours(i: int) -> int:
        s = f"agg-{i % 100}"
        ours_v[s] = store.append_sync(s, [events[i]], ours_v.get(s, StreamState.NO_STREAM)).stream_version
        return 1

    def bare_loop(i: int, conn: sqlite3.Connection = bare, append_row: bool = True) -> int:
        """What a careful hand-written loop does: lock, check the version, insert, commit. With
        `append_row`, it makes the same inserts as our store (the event's row and its append's row)."""
        s, e = f"agg-{i % 100}", events[i]
        conn.execute("BEGIN IMMEDIATE")
        actual = conn.execute("SELECT max(stream_version) FROM events WHERE stream_id = ?", (s,)).fetchone()[0]
        if actual != versions[conn].get(s):
            raise AssertionError("version conflict in a single-writer benchmark")
        version = 0 if actual is None else actual + 1
        position = conn.execute(
            "INSERT INTO events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row(e, s, version), time.time_ns() // 1000, checksum(*row(e, s, version))),
        ).lastrowid
        if append_row:
            conn.execute(
                "INSERT INTO appends VALUES (?, ?, ?, ?, ?)", (e.event_id.bytes, s, version, version, position)
            )
        conn.execute("COMMIT")
        versions[conn][s] = version
        return 1

    event_only = bare_conn(d / "bare-single-event-only.db")
    versions: dict[sqlite3.Connection, dict[str, int]] = {bare: {}, event_only: {}}

    def bare_event_only(i: int) -> int:
        return bare_loop(i, event_only, append_row=False)

    def eventsourcing(i: int) -> int:
        oid, e = their_ids[i % 100], events[i]
        their_v[oid] = their_v.get(oid, 0) + 1
        theirs.insert_events(
            [StoredEvent(originator_id=oid, originator_version=their_v[oid], topic=e.type, state=their_state(e))]
        )
        return 1

    return {"ours": ours, "bare": bare_loop, "event_only": bare_event_only, "theirs": eventsourcing}, theirs


def batched_contenders(
    d: Path, items: list[Payload]
) -> tuple[dict[str, Step], SQLiteEventStore, SQLiteApplicationRecorder]:
    """PAGE events per append and commit, each append to a new stream."""
    store = SQLiteEventStore(d / "ours.db")
    bare = bare_conn(d / "bare.db")
    theirs = their_recorder(d / "theirs.db")
    ours_e, bare_e, their_e = new_events(items), new_events(items), new_events(items)

    def ours(i: int) -> int:
        store.append_sync(f"batch-{i}", ours_e[i * PAGE : (i + 1) * PAGE], StreamState.NO_STREAM)
        return PAGE

    def bare_many(i: int, conn: sqlite3.Connection = bare, events: list[NewEvent] = bare_e) -> int:
        s = f"batch-{i}"
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("SELECT max(stream_version) FROM events WHERE stream_id = ?", (s,)).fetchone()[0] is not None:
            raise AssertionError("the stream exists")
        page = events[i * PAGE : (i + 1) * PAGE]
        conn.executemany(
            "INSERT INTO events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row(e, s, v), time.time_ns() // 1000, checksum(*row(e, s, v))) for v, e in enumerate(page)],
        )
        position = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        conn.execute("INSERT INTO appends VALUES (?, ?, ?, ?, ?)", (page[0].event_id.bytes, s, 0, PAGE - 1, position))
        conn.execute("COMMIT")
        return PAGE

    store_wide = bare_conn(d / "bare-store-wide.db", store_wide_ids=True)
    store_wide_e = new_events(items)

    def bare_store_wide(i: int) -> int:
        return bare_many(i, store_wide, store_wide_e)

    def eventsourcing(i: int) -> int:
        oid = uuid4()
        theirs.insert_events(
            [
                StoredEvent(originator_id=oid, originator_version=v + 1, topic=e.type, state=their_state(e))
                for v, e in enumerate(their_e[i * PAGE : (i + 1) * PAGE])
            ]
        )
        return PAGE

    contenders: dict[str, Step] = {
        "ours": ours,
        "bare": bare_many,
        "store_wide": bare_store_wide,
        "theirs": eventsourcing,
    }
    return contenders, store, theirs


class Pager:
    """Reads a store page after page, remembering where it is."""

    def __init__(self, read: Callable[[int], list[Any]], position_of: Callable[[Any], int]) -> None:
        self.read = read
        self.position_of = position_of
        self.after = 0

    def page(self) -> list[Any]:
        page = self.read(self.after)
        if page:
            self.after = self.position_of(page[-1])
        return page


def read_contenders(store: SQLiteEventStore, theirs: SQLiteApplicationRecorder) -> dict[str, Step]:
    def ours_pager() -> Pager:
        return Pager(lambda after: store.read_all_sync(after, PAGE), lambda e: int(e.position))

    raw, models, envelope = ours_pager(), ours_pager(), ours_pager()
    their = Pager(
        lambda after: list(theirs.select_notifications(after, PAGE, inclusive_of_start=False)), lambda n: int(n.id)
    )

    def ours_raw(_: int) -> int:
        return len(raw.page())

    def ours_models(_: int) -> int:
        page = models.page()
        for e in page:
            decode_event(e.type, 1, e.data)
        return len(page)

    def ours_envelope(_: int) -> int:
        page = envelope.page()
        for e in page:
            decode_recorded(e)
        return len(page)

    def eventsourcing(_: int) -> int:
        page = their.page()
        for n in page:
            decode_event(n.topic, 1, n.state.partition(b"\n")[0])
        return len(page)

    return {"raw": ours_raw, "models": ours_models, "envelope": ours_envelope, "theirs": eventsourcing}


def bare_conn(path: Path, *, store_wide_ids: bool = False) -> sqlite3.Connection:
    """A connection to a new file with our schema; with a store-wide unique index on event ids if asked."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    migrate(conn, busy_timeout_s=5.0)
    if store_wide_ids:
        conn.execute("CREATE UNIQUE INDEX events_event_id ON events (event_id)")
    return conn


def their_recorder(path: Path) -> SQLiteApplicationRecorder:
    recorder = SQLiteApplicationRecorder(SQLiteDatastore(db_name=str(path)))
    recorder.create_table()
    return recorder


def their_synchronous(recorder: SQLiteApplicationRecorder) -> str:
    with recorder.datastore.transaction(commit=False) as c:
        c.execute("PRAGMA synchronous")
        return {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[c.fetchone()[0]]
