"""What a read model tells the rebuild about itself, as one typed value."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Protocol

from niangjia_kit.projection import Projection


class BulkLoad(Protocol):
    """How a model loads faster into a fresh file: `start` once the file's tables are made (e.g. temp
    tables that its `apply` writes to instead of tables it only ever writes), `finish` once every
    event is applied (moving what it staged into its tables), before the secondary indexes are made.
    The file must end the same as if every event had been applied by the live path."""

    def start(self, conn: sqlite3.Connection) -> None: ...
    def finish(self, conn: sqlite3.Connection) -> None: ...


@dataclass(frozen=True, slots=True)
class RebuildHints:
    """How to rebuild a model fast. None of these changes what the model holds, only the cost.

    `payload_fields`: the only fields of the events the model's `apply` reads (read with
    `getattr(event, name, default)`), so a rebuild decodes only those, in the event types no model
    without them takes; None: the whole events. `weight`: the model's share of a rebuild's work,
    by which the models are grouped into processes (`read_models.groups_for`). `cache_mib`: the SQLite
    page cache of its file while it is rebuilt (more for a model that updates rows by a random key).
    `keep_indexes`: the secondary indexes the model's `apply` reads by, kept while the rebuild loads
    (the others are made after it). `bulk`: how it loads faster into a fresh file (None: as live).
    `analyze`: the tables whose statistics are gathered once the indexes are made (the others are
    left to `PRAGMA optimize`: a model that reads a table by its indexes while it loads live should
    name it when its bulk load does not).
    """

    payload_fields: frozenset[str] | None = None
    weight: float = 1.0
    cache_mib: int = 16
    keep_indexes: frozenset[str] = frozenset()
    bulk: BulkLoad | None = None
    analyze: frozenset[str] = frozenset()


class ReadModel(Projection, Protocol):
    """A projection of this service: the live runner applies it, a rebuild builds it from its hints."""

    @property
    def hints(self) -> RebuildHints: ...
