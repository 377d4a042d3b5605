"""The log as pages of (positions, leaf hashes), read through the store port and hashed in bulk.

The next page is read (on the store's reader thread) while this one is hashed. With a tail hashed
elsewhere (niangjia_ledger.split), only the events up to the tail's start are read here, and the
tail's packed leaves follow; if hashing it elsewhere failed, the tail is read here instead.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable
from typing import NamedTuple

from niangjia_eventstore import EventStore

from niangjia_ledger.bulk import raw_leaf_hashes
from niangjia_ledger.split import unpack_pages


class Tail(NamedTuple):
    after: int
    """The position the tail starts after."""
    packed: Awaitable[tuple[bytes, bytes]]
    """The packed positions and leaf hashes of every event after it (niangjia_ledger.split.tail_leaves)."""


async def leaf_pages(
    store: EventStore, page_size: int, tail: Tail | None = None
) -> AsyncGenerator[tuple[list[int], list[bytes]], None]:
    try:
        async for page in _pages(store, page_size, tail):
            yield page
    finally:  # stopped early (at a difference): the tail is not wanted any more
        if tail is not None and isinstance(tail.packed, asyncio.Future):
            tail.packed.cancel()


async def _pages(
    store: EventStore, page_size: int, tail: Tail | None
) -> AsyncGenerator[tuple[list[int], list[bytes]], None]:
    until = tail.after if tail is not None else None
    last = 0
    async for positions, leaves in _read(store, 0, page_size, until):
        last = positions[-1]
        yield positions, leaves
    if tail is None:
        return
    try:
        packed = await tail.packed
    except Exception:  # the other process failed: read the tail here
        packed = None
    if packed is None:
        async for page in _read(store, max(last, tail.after), page_size, None):
            yield page
        return
    for page in unpack_pages(packed, page_size):
        yield page


async def _read(
    store: EventStore, after: int, page_size: int, until: int | None
) -> AsyncIterator[tuple[list[int], list[bytes]]]:
    """Pages of the events after `after` (up to `until`, when given), the next read while one is hashed."""
    reading = asyncio.ensure_future(store.read_all_raw(after, page_size))
    try:
        while True:
            page = await reading
            if not page:
                return
            beyond = until is not None and page[-1][0] > until
            if until is not None and beyond:
                page = page[: bisect_right([row[0] for row in page], until)]
                if not page:
                    return
            else:
                reading = asyncio.ensure_future(store.read_all_raw(page[-1][0], page_size))
            yield [row[0] for row in page], raw_leaf_hashes(page)
            if beyond:
                return
    finally:
        reading.cancel()
