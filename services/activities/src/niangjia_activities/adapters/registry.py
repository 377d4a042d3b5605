"""The organiser registry: federations and micro-homes, as the orgs service's events describe them.

A small SQLite file of the service's own, kept by the kit's live projection runner
(`niangjia_kit.projection`, see `registry_feed`): each batch of events and the checkpoint (the global
position of the last event seen) are written in one transaction, so after a crash the registry is
exactly as of its checkpoint and the runner resumes there. The file is disposable: delete it and it
is rebuilt from the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from niangjia_contracts import (
    DomainEvent,
    FederationDissolved,
    FederationFounded,
    MicroHomeClosed,
    MicroHomeOpened,
    OrganiserKind,
)
from niangjia_kit.projection import (
    Item,
    ModelStatus,
    Moved,
    Projection,
    connect,
    in_checkpoint_transaction,
    open_model,
)

from niangjia_activities.domain.commands import Organiser

SCHEMA_VERSION = 2  # 2: the checkpoint in the projection runner's own table
RELEVANT_TYPES = frozenset(
    cls.event_type for cls in (FederationFounded, FederationDissolved, MicroHomeOpened, MicroHomeClosed)
)
"""The event types the registry reads; every other type only moves the checkpoint."""

_SCHEMA = """
CREATE TABLE organisers (
    organiser_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    region TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (organiser_id, kind)
)
"""


@dataclass(frozen=True, slots=True)
class Applied:
    """One event of a batch: its global position and, when the registry reads it, the event."""

    position: int
    event: DomainEvent | None = None


class OrganisersProjection:
    """The registry as a projection the runner applies."""

    name = "organisers"
    version = SCHEMA_VERSION
    event_types: frozenset[str] | None = RELEVANT_TYPES

    def create(self, conn: sqlite3.Connection) -> None:
        conn.execute(_SCHEMA)

    def apply(self, conn: sqlite3.Connection, items: Sequence[Item]) -> None:
        for item in items:
            if item.event is not None:
                _apply_event(conn, item.recorded.position, item.event)


class OrganiserRegistry:
    """Federations and micro-homes by id, with the checkpoint of the runner that built them.

    It is also where the runner finds the registry's file (a one-file `ModelPlace`). Lookups read
    through a connection of their own, so they see only committed batches.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # WAL with synchronous=NORMAL: a power cut may lose the last commits, but rows and checkpoint
        # go together, and the runner then replays from the older checkpoint.
        conn = connect(self.path)
        _migrate(conn)
        self.projection = OrganisersProjection()
        self.model = open_model(self.projection, Path(self.path), conn)
        self._reader = conn if self.path == ":memory:" else connect(self.path, readonly=True)

    def close(self) -> None:
        self._reader.close()
        self.model.conn.close()

    # -- where the runner finds it ------------------------------------------------------------------

    def open(self, projection: Projection) -> ModelStatus:
        if projection is not self.projection:
            raise ValueError(f"the organiser registry holds {self.projection.name}, not {projection.name}")
        return self.model

    def swapped(self, model: ModelStatus) -> bool:
        return False  # one file, never rebuilt beside itself

    # -- reading ----------------------------------------------------------------------------------

    def checkpoint(self) -> int:
        return self.model.checkpoint

    def find(self, organiser_id: str, kind: OrganiserKind | None = None) -> list[Organiser]:
        query = "SELECT organiser_id, kind, region, opened_on, closed_on FROM organisers WHERE organiser_id = ?"
        params: tuple[str, ...] = (organiser_id,)
        if kind is not None:
            query += " AND kind = ?"
            params += (kind.value,)
        return [_organiser(row) for row in self._reader.execute(query + " ORDER BY kind", params)]

    def count(self) -> int:
        return int(self._reader.execute("SELECT count(*) FROM organisers").fetchone()[0])

    # -- writing ----------------------------------------------------------------------------------

    def apply(self, batch: Iterable[Applied]) -> int:
        """Apply a batch in one transaction with the new checkpoint; returns the checkpoint.

        Positions at or below the checkpoint are skipped, so a redelivered event changes nothing.
        """
        items = list(batch)
        conn = self.model.conn

        def change(checkpoint: int) -> Moved | None:
            after = [item for item in items if item.position > checkpoint]
            if not after:
                return None
            for item in after:
                if item.event is not None:
                    _apply_event(conn, item.position, item.event)
            return Moved(after[-1].position, len(after), 0, self.model.last_recorded_us)

        in_checkpoint_transaction(self.model, change)
        return self.model.checkpoint


def _migrate(conn: sqlite3.Connection) -> None:
    """A registry of another layout is thrown away and rebuilt from the store."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version != SCHEMA_VERSION:
        conn.executescript(
            "BEGIN; DROP TABLE IF EXISTS organisers; DROP TABLE IF EXISTS checkpoint;"
            f" DROP TABLE IF EXISTS _projection; PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
        )


def _apply_event(conn: sqlite3.Connection, position: int, event: DomainEvent) -> None:
    if isinstance(event, FederationFounded):
        _open(conn, event.federation_id, OrganiserKind.FEDERATION, event.region, event.founded_on, position)
    elif isinstance(event, MicroHomeOpened):
        _open(conn, event.micro_home_id, OrganiserKind.MICRO_HOME, event.region, event.opened_on, position)
    elif isinstance(event, FederationDissolved):
        _close(conn, event.federation_id, OrganiserKind.FEDERATION, event.dissolved_on)
    elif isinstance(event, MicroHomeClosed):
        _close(conn, event.micro_home_id, OrganiserKind.MICRO_HOME, event.closed_on)


def _open(
    conn: sqlite3.Connection, organiser_id: str, kind: OrganiserKind, region: str, opened_on: date, position: int
) -> None:
    conn.execute(
        "INSERT INTO organisers (organiser_id, kind, region, opened_on, closed_on, position) "
        "VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (organiser_id, kind) DO UPDATE SET "
        "region = excluded.region, opened_on = excluded.opened_on, position = excluded.position",
        (organiser_id, kind.value, region, opened_on.isoformat(), position),
    )


def _close(conn: sqlite3.Connection, organiser_id: str, kind: OrganiserKind, closed_on: date) -> None:
    conn.execute(
        "UPDATE organisers SET closed_on = ? WHERE organiser_id = ? AND kind = ?",
        (closed_on.isoformat(), organiser_id, kind.value),
    )


def _organiser(row: tuple[str, str, str, str, str | None]) -> Organiser:
    organiser_id, kind, region, opened_on, closed_on = row
    return Organiser(
        organiser_id=organiser_id,
        kind=OrganiserKind(kind),
        region=region,
        opened_on=date.fromisoformat(opened_on),
        closed_on=date.fromisoformat(closed_on) if closed_on else None,
    )
