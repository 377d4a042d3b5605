"""The niangjia event contracts: events, envelope, enums and codec. Imports no service code."""

from niangjia_contracts import enums, events, members
from niangjia_contracts.catalogue import EVENT_CLASSES, EVENT_TYPES
from niangjia_contracts.codec import (
    UPCASTERS,
    EventDecodeError,
    EventRecord,
    UnknownEventType,
    Upcasters,
    decode_envelope,
    decode_event,
    decode_recorded,
    encode_event,
    encode_metadata,
)
from niangjia_contracts.enums import *  # noqa: F403
from niangjia_contracts.envelope import Envelope, EventMetadata
from niangjia_contracts.events import *  # noqa: F403
from niangjia_contracts.members import *  # noqa: F403
from niangjia_contracts.strict import STORED
from niangjia_contracts.types import (
    BusinessDate,
    Count,
    EntityId,
    Instant,
    Name,
    RegionPath,
    Text,
    Yuan,
    region_ancestors,
    region_within,
)

__all__ = [
    "EVENT_CLASSES",
    "EVENT_TYPES",
    "STORED",
    "UPCASTERS",
    "BusinessDate",
    "Count",
    "EntityId",
    "Envelope",
    "EventDecodeError",
    "EventMetadata",
    "EventRecord",
    "Instant",
    "Name",
    "RegionPath",
    "Text",
    "UnknownEventType",
    "Upcasters",
    "Yuan",
    "decode_envelope",
    "decode_event",
    "decode_recorded",
    "encode_event",
    "encode_metadata",
    "region_ancestors",
    "region_within",
]
__all__ += enums.__all__
__all__ += events.__all__
__all__ += members.__all__
