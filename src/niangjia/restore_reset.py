"""After a restore, every consumer of the store starts again from the restored store, consistently.

The consumers remember the last event they processed (read models, the organiser registry, the
ledger's tree, the relay's record) and refuse a store that no longer holds it (`store_regressed`).
A restore is the one operation that says the older store is meant: it moves each consumer's state
aside (kept as `<name>.replaced-<time>`, like the store it replaces) so that each rebuilds from the
restored store, and asks the relay to reconcile its stream (niangjia_relay.regress): events the
restored store no longer has are reported, the store's events published. Default file names in
the data folder; docs/operators.md has the whole procedure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from niangjia_relay.regress import request_reconcile

CONSUMER_FILES = ("read-models", "activities-registry.db")
"""What the consumers keep in the data folder by default (a file with its -wal and -shm).

The ledger (`ledger.db`) stays: its tree and signed checkpoints are the evidence of what the log
held, and `niangjia verify` reports the rollback from them. It stops growing over the restored
store (`store_regressed`) until the operator starts a new log by moving it aside (docs)."""


@dataclass(frozen=True, slots=True)
class Reset:
    moved: tuple[Path, ...]
    reconcile_marker: Path


def reset_consumers(data_dir: Path, stamp: str, store_position: int) -> Reset:
    """Move every consumer's state aside and ask the relay to reconcile; what was moved, where."""
    moved: list[Path] = []
    for name in CONSUMER_FILES:
        for suffix in ("", "-wal", "-shm"):
            path = data_dir / f"{name}{suffix}"
            if path.exists():
                kept = data_dir / f"{name}.replaced-{stamp}{suffix}"
                path.replace(kept)
                moved.append(kept)
    return Reset(tuple(moved), request_reconcile(data_dir, store_position))
