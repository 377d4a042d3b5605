"""A contract event as the services write it: its metadata envelope and an id derived from its command."""

from __future__ import annotations

import uuid
from datetime import date

from niangjia_contracts import DomainEvent, EventMetadata, encode_event, encode_metadata
from niangjia_eventstore import NewEvent


def recorded_as_services_do(event: DomainEvent, actor: str, occurred_on: date) -> NewEvent:
    command_id = uuid.uuid4()
    metadata = EventMetadata(
        schema_version=event.schema_version,
        occurred_on=occurred_on,
        actor=actor,
        command_id=command_id,
        correlation_id=command_id,
        source=event.source,
    )
    return NewEvent(
        event_id=uuid.uuid5(command_id, "0"),
        type=event.event_type,
        data=encode_event(event),
        metadata=encode_metadata(metadata),
    )
