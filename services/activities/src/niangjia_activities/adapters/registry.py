"""The organiser registry: federations and micro-homes, as the orgs service's events describe them.

A small SQLite file of the service's own. Each batch of events and the checkpoint (the global
position of the last event seen) are written in one transaction, so after a crash the registry is
exactly as of its checkpoint and the subscription resumes there. The file is disposable: delete it
and it is rebuilt from the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
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

from niangjia_activities.domain.commands import Organiser

SCHEMA_VERSION = 1
RELEVANT_TYPES = frozenset(
    cls.event_type for cls in (FederationFounded, FederationDissolved, MicroHomeOpened, MicroHomeClosed)
)
"""The event types the registry reads; every other type only moves the checkpoint."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS organisers (
    organiser_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    region TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    position INTEGER NOT NULL,
    PRIMARY KEY (organiser_id, kind)
);
CREATE TABLE IF NOT EXISTS checkpoint (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class Applied:
    """One event of a batch: its global position and, when the registry reads it, the event."""

    position: int
    event: DomainEvent | None = None


class OrganiserRegistry:
    """Federations and micro-homes by id, with the checkpoint of the subscription that built them."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a power cut may lose the last commits, but rows and checkpoint go
        # together, and the subscription then replays from the older checkpoint.
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        if version != SCHEMA_VERSION:
            # A registry of another layout is thrown away and rebuilt from the store.
            self._conn.executescript(
                f"BEGIN; DROP TABLE IF EXISTS organisers; DROP TABLE IF EXISTS checkpoint; {_SCHEMA}"
                f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
            )

    def close(self) -> None:
        self._conn.close()

    # -- reading ----------------------------------------------------------------------------------

    def checkpoint(self) -> int:
        row = self._conn.execute("SELECT position FROM checkpoint WHERE name = 'store'").fetchone()
        return int(row[0]) if row else 0

    def find(self, organiser_id: str, kind: OrganiserKind | None = None) -> list[Organiser]:
        query = "SELECT organiser_id, kind, region, opened_on, closed_on FROM organisers WHERE organiser_id = ?"
        params: tuple[str, ...] = (organiser_id,)
        if kind is not None:
            query += " AND kind = ?"
            params += (kind.value,)
        return [_organiser(row) for row in self._conn.execute(query + " ORDER BY kind", params)]

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM organisers").fetchone()[0])

    # -- writing ----------------------------------------------------------------------------------

    def apply(self, batch: Iterable[Applied]) -> int:
        """Apply a batch in one transaction with the new checkpoint; returns the checkpoint.

        Positions at or below the checkpoint are skipped, so a redelivered event changes nothing.
        """
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            checkpoint = self.checkpoint()
            for item in batch:
                if item.position <= checkpoint:
                    continue
                if item.event is not None:
                    _apply_event(conn, item.position, item.event)
                checkpoint = item.position
            conn.execute(
                "INSERT INTO checkpoint (name, position) VALUES ('store', ?) "
                "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                (checkpoint,),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return checkpoint


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
