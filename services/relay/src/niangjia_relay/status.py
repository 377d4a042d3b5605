"""What the relay has done so far, read by /health and /metrics; and the foreign messages it saw."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from niangjia_eventstore import EventStore

from niangjia_relay.anchor import Foreign


@dataclass
class RelayStatus:
    checkpoint: int = 0
    published: int = 0
    duplicates: int = 0
    resyncs: int = 0
    stream: str = ""
    running: bool = False
    blocked: str | None = None
    blocked_code: str | None = None
    """`store_regressed` when the store went backwards (regress.py)."""
    reconciled: dict[str, object] | None = None
    last_error: str | None = None
    """The last publish that failed (kept after publishing resumes: `last_error_at` dates it)."""
    last_error_at: str | None = None
    failing_since: float | None = None
    """When publishing last began to fail (time.monotonic()); None once a publish succeeds."""
    stream_sequence: int = 0
    foreign_messages: int = 0
    last_foreign: dict[str, object] | None = None
    """The newest foreign message: stream_sequence, subject, msg_id, reason, seen_at (anchor.py)."""
    _foreign_seen: set[int] = field(default_factory=set, repr=False)

    def report_foreign(self, message: Foreign, log: logging.Logger) -> None:
        """Count and log a foreign message, once per stream sequence however often it is seen."""
        if message.sequence in self._foreign_seen:
            return
        self._foreign_seen.add(message.sequence)
        self.foreign_messages += 1
        self.last_foreign = {
            "stream_sequence": message.sequence,
            "subject": message.subject,
            "msg_id": message.msg_id,
            "reason": message.reason,
            "seen_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        }
        log.error(
            "foreign message at stream sequence %d in %s (subject %s): %s; something other than the relay "
            "published on its subjects. Publishing goes on after it.",
            message.sequence,
            self.stream,
            message.subject,
            message.reason,
        )


def failed(status: RelayStatus, error: BaseException) -> None:
    """Note a publish that failed: what and when (UTC), and since when publishing fails."""
    status.last_error = f"{type(error).__name__}: {error}"
    status.last_error_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if status.failing_since is None:
        status.failing_since = time.monotonic()


def cannot_publish(status: RelayStatus, connected: bool, behind: int) -> str | None:
    """Why the relay cannot do its job now (None when it can): not started, NATS away, or events
    waiting while its publishes fail (JetStream out of space, say)."""
    if not status.running:
        return "not started: waiting for NATS and the stream"
    if not connected:
        return "not connected to NATS"
    if status.failing_since is not None and behind > 0:
        return f"publishes are failing ({status.last_error}); {behind} events wait"
    return None


async def lag(store: EventStore, status: RelayStatus) -> int:
    """Positions between the store's newest event and the last one acknowledged."""
    return max(0, await store.last_position() - status.checkpoint)


__all__ = ["RelayStatus", "cannot_publish", "failed", "lag"]
