"""The niangjia event contracts: events, envelope, enums and codec. Imports no service code.

The package's names are read from their modules when first used (PEP 562): a client that needs only
the enums, the region registry or the names (the `niangjia` command) does not build every event
model, which is most of what importing the contracts costs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from niangjia_contracts import enums as enums
    from niangjia_contracts import events as events
    from niangjia_contracts import members as members
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

_HOME: dict[str, str] = {
    "EVENT_CLASSES": "catalogue",
    "EVENT_TYPES": "catalogue",
    "UPCASTERS": "codec",
    "EventDecodeError": "codec",
    "EventRecord": "codec",
    "UnknownEventType": "codec",
    "Upcasters": "codec",
    "decode_envelope": "codec",
    "decode_event": "codec",
    "decode_recorded": "codec",
    "encode_event": "codec",
    "encode_metadata": "codec",
    "Envelope": "envelope",
    "EventMetadata": "envelope",
    "STORED": "strict",
    "BusinessDate": "types",
    "Count": "types",
    "EntityId": "types",
    "Instant": "types",
    "Name": "types",
    "RegionPath": "types",
    "Text": "types",
    "Yuan": "types",
    "region_ancestors": "types",
    "region_within": "types",
}
"""The module of each name the package lists by itself; the others are the `__all__` of `_STARRED`."""

_STARRED = ("enums", "events", "members")
"""The modules whose every public name the package offers, looked in in this order."""

_SUBMODULES = frozenset(
    {"catalogue", "codec", "envelope", "names", "regions", "schemas", "strict", "texts", "types", *_STARRED}
)


def __getattr__(name: str) -> Any:
    if name == "__all__":  # for `import *`: every name, which builds every model
        return [*_HOME, *_starred_names()]
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _HOME:
        value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    else:
        for home in _STARRED:
            module = importlib.import_module(f"{__name__}.{home}")
            if name in module.__all__:
                value = getattr(module, name)
                break
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME, *_starred_names()})


def _starred_names() -> list[str]:
    return [name for home in _STARRED for name in importlib.import_module(f"{__name__}.{home}").__all__]


if TYPE_CHECKING:  # at run time, __getattr__ answers __all__ with the starred modules' names too
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
