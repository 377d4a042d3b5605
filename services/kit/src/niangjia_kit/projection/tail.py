"""A consumer's checkpoint checked against the store: the store must still hold, at the checkpoint's
position, the event the consumer last applied. A store that lost its tail (a truncated log, a torn
write, an older file put back) or changed it stops the consumer with `store_regressed`; an event
whose bytes changed stops it at that event with `event_corrupted`. Through the store port only, so
it holds over every adapter.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from uuid import UUID

from niangjia_eventstore import EventCorrupted, EventStore, StoreRegressed

from niangjia_kit.projection.checkpoint import Failure, ModelStatus, fail

log = logging.getLogger("niangjia.projections")

STORE_FAULTS = (StoreRegressed, EventCorrupted)
StoreFault = StoreRegressed | EventCorrupted


def store_failure(error: StoreFault) -> Failure:
    """The failure a consumer stops with when the store is at fault."""
    event_id = error.event_id if isinstance(error, StoreRegressed) else None
    return Failure(error.position, event_id, None, str(error), code=error.code)


def fail_all(models: Sequence[ModelStatus], error: StoreFault) -> None:
    for model in models:
        if model.failure is None:
            fail(model, store_failure(error))


async def check_position(store: EventStore, position: int, event_id: str | None) -> StoreRegressed | None:
    """What is wrong with a checkpoint at `position` (event `event_id`); None when the store holds it.

    A checkpoint that does not name its event (written before ids were kept) only needs an event at
    its position. EventCorrupted, when the store finds the event there corrupted, is raised.
    """
    if position <= 0:
        return None
    try:
        if event_id is None:
            page = await store.read_all(position - 1, 1)
            if page and page[0].position == position:
                return None
            raise StoreRegressed(position, "(not recorded)", None, await store.last_position())
        await store.verify_tail(position, UUID(event_id))
    except StoreRegressed as error:
        return error
    return None


async def verify_checkpoints(store: EventStore, models: Sequence[ModelStatus]) -> None:
    """Stop every running model whose checkpoint the store no longer holds (`store_regressed`), or
    all of them when the store finds a checkpoint's event corrupted (`event_corrupted`)."""
    seen: dict[tuple[int, str | None], StoreRegressed | None] = {}
    running = [m for m in models if m.failure is None]
    try:
        for model in running:
            key = (model.checkpoint, model.event_id)
            if key not in seen:
                seen[key] = await check_position(store, *key)
            problem = seen[key]
            if problem is not None:
                fail(model, store_failure(problem))
    except EventCorrupted as error:
        fail_all(running, error)
