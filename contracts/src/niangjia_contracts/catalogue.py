"""Every event type the contracts know: the organisations' and activities' (`events`) and the
people's (`members`). The codec, the schemas and the relay read this catalogue."""

from __future__ import annotations

from niangjia_contracts import events, members
from niangjia_contracts.events import DomainEvent

EVENT_CLASSES: tuple[type[DomainEvent], ...] = (*events.EVENT_CLASSES, *members.MEMBER_EVENT_CLASSES)

EVENT_TYPES: dict[str, type[DomainEvent]] = {cls.event_type: cls for cls in EVENT_CLASSES}
