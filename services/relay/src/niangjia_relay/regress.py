"""The relay's own record of the last event it published (position and event id), checked against
the store, and the reconciliation of the stream after a restore.

The record is a small JSON file in the data folder (`relay-position.json`), written when the relay
is idle and when it stops (a record that lags behind only narrows the check; it never claims more
than was acknowledged). On every resync and while idle the relay checks that the store still holds
that event at that position: a store that lost or changed its tail is `store_regressed`, and the
relay publishes nothing until the store is restored on purpose.

`niangjia restore` leaves `relay-reconcile.json` beside the restored store. The relay then
reconciles once: the stream's messages after the last event the restored store still holds are
events the store no longer has; they are reported (logged, in /health and in
`relay-reconciled-<time>.json`, one line per event), the record starts again from the store, and
every event of the store after that point is published. The marker is removed when done.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from niangjia_eventstore import EventStore, StoreRegressed
from niangjia_kit.projection import check_position

from niangjia_relay.anchor import Anchor, Foreign
from niangjia_relay.status import RelayStatus

log = logging.getLogger("niangjia.relay")

RECORD_FILE = "relay-position.json"
RECONCILE_MARKER = "relay-reconcile.json"
REPORT_PREFIX = "relay-reconciled-"
problem_code = StoreRegressed.code


def _write_json(path: Path, value: dict[str, Any]) -> None:
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(json.dumps(value, indent=1))
    os.replace(partial, path)


def request_reconcile(folder: Path, store_position: int) -> Path:
    """Ask the relay to reconcile its stream with a restored store at its next resync."""
    marker = folder / RECONCILE_MARKER
    _write_json(marker, {"requested_at": _now(), "store_position": store_position})
    return marker


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class PositionRecord:
    """The last event the relay published, as far as it has written it down."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / RECORD_FILE
        self.position = 0
        self.event_id: str | None = None
        self._saved: tuple[int, str | None] = (0, None)
        try:
            saved = json.loads(self.path.read_text())
            self.position, self.event_id = int(saved["position"]), str(saved["event_id"])
            self._saved = (self.position, self.event_id)
        except (FileNotFoundError, KeyError, ValueError, TypeError):
            pass

    def note(self, position: int, event_id: str) -> None:
        if position >= self.position:
            self.position, self.event_id = position, event_id

    def save(self) -> None:
        if (self.position, self.event_id) != self._saved and self.folder.is_dir():
            _write_json(self.path, {"position": self.position, "event_id": self.event_id})
            self._saved = (self.position, self.event_id)

    async def problem(self, store: EventStore) -> StoreRegressed | None:
        return await check_position(store, self.position, self.event_id)

    async def watch(self, store: EventStore, status: RelayStatus) -> bool:
        """While idle: save the record and check it; True (and the status blocked) when the store
        no longer holds the recorded event."""
        self.save()
        problem = await self.problem(store)
        if problem is not None:
            status.blocked, status.blocked_code = str(problem), problem.code
        elif status.blocked_code == problem_code:
            status.blocked = status.blocked_code = None
        return problem is not None

    def reconcile_requested(self) -> bool:
        return (self.folder / RECONCILE_MARKER).is_file()

    async def reconciled(
        self, store: EventStore, anchor: Anchor, gone: list[Foreign], status: RelayStatus
    ) -> dict[str, Any]:
        """Start again from `anchor` (the last event the stream and the store share); report `gone`,
        the stream's messages after it that the store no longer holds. Removes the marker."""
        if status.blocked_code == problem_code:
            status.blocked = status.blocked_code = None
        page = await store.read_all(anchor.position - 1, 1) if anchor.position > 0 else []
        self.position, self.event_id = (anchor.position, str(page[0].event_id)) if page else (0, None)
        self._saved = (-1, None)
        self.save()
        report = {
            "reconciled_at": _now(),
            "resumed_after_position": anchor.position,
            "store_position": await store.last_position(),
            "no_longer_in_store": [
                {"stream_sequence": g.sequence, "msg_id": g.msg_id, "subject": g.subject, "reason": g.reason}
                for g in sorted(gone, key=lambda g: g.sequence)
            ],
        }
        stamp = str(report["reconciled_at"]).replace(":", "")
        path = self.folder / f"{REPORT_PREFIX}{stamp}.json"
        _write_json(path, report)
        (self.folder / RECONCILE_MARKER).unlink(missing_ok=True)
        log.warning(
            "stream reconciled with the restored store: %d message(s) hold events the store no longer has "
            "(listed in %s); publishing the store's events after position %d",
            len(gone),
            path,
            anchor.position,
        )
        status.reconciled = {**report, "report_file": str(path), "no_longer_in_store": len(gone)}
        return status.reconciled
