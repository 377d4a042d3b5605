"""The audit log's member appointments with the person's data opened, for a reader allowed to see it.

An appointment's event holds the member's personal data sealed (ciphertext and key id, as stored).
Each audit record gets `personal`: for the admin (`niangjia_kit.personal.may_read_personal`), the
name, mobile, employer and title opened with the member's key, or "已删除" in every field once the key
was destroyed by an erasure; for anyone else, and for every other event, null. The event's `data`
stays exactly as stored. Every person opened is recorded in the key store's access log, once per
read, when the read ends (`Disclosure.close`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from niangjia_contracts import Sealed
from niangjia_kit.personal import Disclosure


def opened(record: dict[str, Any], disclosure: Disclosure) -> dict[str, Any]:
    """The record with `personal` set (null unless it holds sealed data this reader may open)."""
    data = record.get("data")
    sealed = data.get("personal") if isinstance(data, dict) else None
    view = None
    if isinstance(sealed, dict) and isinstance(data, dict) and isinstance(data.get("member_id"), str):
        box = Sealed.model_validate(sealed)
        view = disclosure.open(data["member_id"], record.get("region") or "", box, erased=False)
    record["personal"] = None if view is None else view.model_dump()
    return record


def all_opened(records: Iterable[dict[str, Any]], disclosure: Disclosure) -> Iterator[dict[str, Any]]:
    """Every record opened, then the reads recorded in the access log (also when the reader stops early)."""
    try:
        for record in records:
            yield opened(record, disclosure)
    finally:
        disclosure.close()
