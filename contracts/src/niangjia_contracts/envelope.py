"""The envelope every event carries (DESIGN principle 4).

A producer writes `EventMetadata` beside the event data; the store adds the event id, type,
stream, stream version, global position and `recorded_at`. Read back, both form an `Envelope`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

Actor = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class EventMetadata(BaseModel):
    """What the producer knows about an event when it records it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int
    occurred_on: date
    actor: Actor
    command_id: UUID
    correlation_id: UUID
    causation_id: UUID | None = None
    source: str
    request_fingerprint: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the request that recorded it, when it carried an Idempotency-Key: a retry "
        "with the same key and another request is refused",
    )


class Envelope(EventMetadata):
    """The whole envelope of a recorded event."""

    event_id: UUID
    event_type: str
    stream_id: str
    stream_version: int
    position: int
    recorded_at: AwareDatetime

    @property
    def recorded_on(self) -> datetime:
        return self.recorded_at
