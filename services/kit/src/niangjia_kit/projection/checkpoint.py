"""The checkpoint guard: a model's checkpoint lives in its own file, in the `_projection` table, and
moves in the same SQLite transaction as the change a page of events makes.

Each batch transaction takes the file's write lock first (BEGIN IMMEDIATE), re-reads the checkpoint
under it, and applies only the events after it; a runner that finds the checkpoint ahead of its own
takes it over and moves on. So a redelivered event changes nothing, and two runners on one file (two
service copies sharing a volume, or a `catch-up` beside a running service) do no harm whatever the
timing. A lease would only keep a second copy idle: a holder paused past its lease would still write
unless every write checked a fencing number in the same transaction, which is this guard again.

An event that does not decode, or a page a model fails to apply, stops that model with the position
(its `failure`) until the cause is fixed; the others go on.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from niangjia_kit.projection.events import DecodeFailed, Decoder, Item, Projection, Recorded, uuid_text

log = logging.getLogger("niangjia.projections")

CHECKPOINT_DDL = """
CREATE TABLE IF NOT EXISTS _projection (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    skipped_unknown INTEGER NOT NULL,
    last_recorded_us INTEGER NOT NULL,
    event_id TEXT,
    changed INTEGER
)
"""
_ADD_EVENT_ID = "ALTER TABLE _projection ADD COLUMN event_id TEXT"
"""Files written before checkpoints named their event: the id is learnt from the store at the next
check of the checkpoint (`niangjia_kit.projection.tail`)."""
_ADD_CHANGED = "ALTER TABLE _projection ADD COLUMN changed INTEGER"
_CHANGED = "UPDATE _projection SET changed=? WHERE name=?"
"""`changed`: the position of the last event the model applied (0: none yet), however it was paged: a
reader knows by it that the rows did not change while the checkpoint moved past other models'
events. NULL in a file written before it was kept, until the model applies an event."""


class VersionMismatch(RuntimeError):
    """The file was built by another version of the projection; it must be rebuilt."""


@dataclass(frozen=True, slots=True)
class Failure:
    position: int
    event_id: str | None
    event_type: str | None
    message: str
    code: str | None = None
    """`store_regressed` or `event_corrupted` when the store, not the model, is at fault."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ModelStatus:
    """One read model as the runner holds it: its file, connection, checkpoint and counters."""

    projection: Projection
    path: Path
    conn: sqlite3.Connection
    checkpoint: int = 0
    applied: int = 0
    skipped_unknown: int = 0
    last_recorded_us: int = 0
    failure: Failure | None = None
    event_id: str | None = None
    """The id of the event at `checkpoint` (None at 0, or in a file written before ids were kept)."""

    @property
    def name(self) -> str:
        return self.projection.name


def open_model(projection: Projection, path: Path, conn: sqlite3.Connection) -> ModelStatus:
    """Read the model's checkpoint from `conn` (on `path`), creating its tables and checkpoint when
    the file is new; VersionMismatch when another version of the projection built it. The
    connection is closed when this fails."""
    try:
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_projection'").fetchone()
        row = None
        if has_table:
            columns = {c[1] for c in conn.execute("PRAGMA table_info(_projection)")}
            if "event_id" not in columns:
                conn.execute(_ADD_EVENT_ID)
            if "changed" not in columns:
                conn.execute(_ADD_CHANGED)
            row = conn.execute(
                "SELECT version, position, applied, skipped_unknown, last_recorded_us, event_id"
                " FROM _projection WHERE name=?",
                (projection.name,),
            ).fetchone()
        if row is None:
            conn.execute("BEGIN")
            projection.create(conn)
            conn.execute(CHECKPOINT_DDL)
            conn.execute(
                "INSERT INTO _projection (name, version, position, applied, skipped_unknown, last_recorded_us, changed)"
                " VALUES (?, ?, 0, 0, 0, 0, 0)",
                (projection.name, projection.version),
            )
            conn.execute("COMMIT")
            return ModelStatus(projection, path, conn)
        if row[0] != projection.version:
            raise VersionMismatch(f"{path} holds {projection.name} v{row[0]}; this code builds v{projection.version}")
    except BaseException:
        conn.close()
        raise
    return ModelStatus(
        projection,
        path,
        conn,
        checkpoint=row[1],
        applied=row[2],
        skipped_unknown=row[3],
        last_recorded_us=row[4],
        event_id=row[5],
    )


def apply_page(models: Sequence[ModelStatus], page: Sequence[Recorded], decode: Decoder) -> None:
    """Apply one page of events to every model that has not failed, one transaction per model."""
    decoded: dict[int, Item | DecodeFailed] = {}
    for model in models:
        if model.failure is None:
            _commit(model, page, decode, decoded)


@dataclass(slots=True)
class _Pending:
    """What a page holds for a model after its checkpoint: the items it takes (decoded once per
    page), the unknown types, the last event it gets past, and the first that does not decode."""

    items: list[Item]
    unknown: int
    first: Recorded | None
    last: Recorded | None
    failure: Failure | None
    changed: int | None = None
    """The position of the last item (None when there is none)."""


def _pending(
    model: ModelStatus, page: Sequence[Recorded], decode: Decoder, decoded: dict[int, Item | DecodeFailed]
) -> _Pending:
    types = model.projection.event_types
    known = decode.known_types
    checkpoint = model.checkpoint
    count = len(page)
    start = 0
    while start < count and page[start].position <= checkpoint:  # pages are in position order
        start += 1
    if start == count:
        return _Pending([], 0, None, None, None)
    items: list[Item] = []
    add = items.append
    cached = decoded.get
    unknown = 0
    changed: int | None = None
    for index in range(start, count):
        recorded = page[index]
        event_type = recorded.type
        if event_type not in known:
            unknown += 1
        if types is not None and event_type not in types:
            continue
        item = cached(index)
        if item is None:
            try:
                item = decode(recorded)
            except DecodeFailed as error:
                item = error
            decoded[index] = item
        if isinstance(item, DecodeFailed):
            failure = Failure(recorded.position, uuid_text(recorded.event_id), event_type, f"does not decode: {item}")
            last = page[index - 1] if index > start else None
            return _Pending(items, unknown - (event_type not in known), page[start], last, failure, changed)
        add(item)
        changed = recorded.position
    return _Pending(items, unknown, page[start], page[-1], None, changed)


@dataclass(frozen=True, slots=True)
class Moved:
    """Where a transaction moved a model's checkpoint: the position, how many events it applied and
    how many of unknown types it passed, and when the last of them was recorded."""

    position: int
    applied: int
    unknown: int
    last_recorded_us: int
    event_id: str | None = None
    """The id of the event at `position`: what a later check of the checkpoint compares."""


def in_checkpoint_transaction(model: ModelStatus, change: Callable[[int], Moved | None]) -> Moved | None:
    """Run `change(checkpoint)` and move the model's checkpoint where it says, in one transaction.

    The transaction takes the write lock first (BEGIN IMMEDIATE) and re-reads the checkpoint under
    it; when another runner on the same file has moved it, this one takes it over, and `change` gets
    the new checkpoint so that it applies only what lies after it. That guard, not a lease, is what
    makes a redelivery or a second runner harmless. `change` returns None when nothing lies after
    the checkpoint (the transaction is rolled back); whatever it raises is raised after a rollback.
    """
    conn = model.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        stored = conn.execute(
            "SELECT position, applied, skipped_unknown, last_recorded_us, event_id FROM _projection WHERE name=?",
            (model.name,),
        ).fetchone()
        model.checkpoint, model.applied, model.skipped_unknown, model.last_recorded_us, model.event_id = stored
        moved = change(model.checkpoint)
        if moved is None:
            conn.execute("ROLLBACK")
            return None
        conn.execute(
            "UPDATE _projection SET position=?, applied=applied+?, skipped_unknown=skipped_unknown+?,"
            " last_recorded_us=?, event_id=? WHERE name=?",
            (moved.position, moved.applied, moved.unknown, moved.last_recorded_us, moved.event_id, model.name),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    model.checkpoint = moved.position
    model.applied += moved.applied
    model.skipped_unknown += moved.unknown
    model.last_recorded_us = moved.last_recorded_us
    model.event_id = moved.event_id
    return moved


def _commit(
    model: ModelStatus, page: Sequence[Recorded], decode: Decoder, decoded: dict[int, Item | DecodeFailed]
) -> None:
    """Apply the page's events after the model's checkpoint and move the checkpoint, in one transaction
    (`in_checkpoint_transaction`); a page that fails to apply stops the model at its first event."""
    pending = _pending(model, page, decode, decoded)
    if pending.first is None:
        return
    seen = model.checkpoint

    def change(checkpoint: int) -> Moved | None:
        nonlocal pending
        if checkpoint != seen:  # another runner got here first
            pending = _pending(model, page, decode, decoded)
        last = pending.last
        if last is None:
            return None
        if pending.items:
            model.projection.apply(model.conn, pending.items)
            model.conn.execute(_CHANGED, (pending.changed, model.name))
        return Moved(last.position, len(pending.items), pending.unknown, last.recorded_us, uuid_text(last.event_id))

    try:
        in_checkpoint_transaction(model, change)
    except Exception as error:
        first = pending.first.position if pending.first else model.checkpoint + 1
        upto = pending.last.position if pending.last else first
        _fail(model, Failure(first, None, None, f"applying events {first}..{upto} failed: {error!r}"))
        return
    if pending.failure is not None:
        _fail(model, pending.failure)


def fail(model: ModelStatus, failure: Failure) -> None:
    """Stop `model` with `failure` (logged)."""
    _fail(model, failure)


def _fail(model: ModelStatus, failure: Failure) -> None:
    model.failure = failure
    log.error(
        "projection %s stopped at position %d: %s",
        model.name,
        failure.position,
        failure.message,
        extra={"projection": model.name, "position": failure.position},
    )
