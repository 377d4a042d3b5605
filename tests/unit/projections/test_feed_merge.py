"""The SSE feed's merge of events and checkpoints: every item of each source, an error of either
raised, and both sources closed when the stream is."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from niangjia_projections.feed_checkpoints import merged


async def _items(name: str, count: int, closed: list[str], forever: bool = False) -> AsyncIterator[str]:
    try:
        for n in range(count):
            yield f"{name}{n}"
            await asyncio.sleep(0)
        if forever:
            await asyncio.Event().wait()  # never set: waits until cancelled
    finally:
        closed.append(name)


async def _failing() -> AsyncIterator[str]:
    yield "x"
    raise RuntimeError("the ledger file cannot be read")


def test_every_item_of_each_source_in_its_own_order() -> None:
    async def run() -> list[str]:
        closed: list[str] = []
        return [item async for item in merged(_items("a", 5, closed), _items("b", 3, closed))]

    got = asyncio.run(run())
    assert sorted(got) == ["a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2"]
    assert [i for i in got if i[0] == "a"] == ["a0", "a1", "a2", "a3", "a4"]


def test_an_error_in_a_source_is_raised_and_the_other_is_closed() -> None:
    closed: list[str] = []

    async def run() -> None:
        async for _ in merged(_items("a", 1, closed, forever=True), _failing()):
            pass

    with pytest.raises(RuntimeError, match="cannot be read"):
        asyncio.run(run())
    assert closed == ["a"]


def test_closing_the_stream_closes_both_sources() -> None:
    closed: list[str] = []

    async def run() -> None:
        stream = merged(_items("a", 2, closed, forever=True), _items("b", 2, closed, forever=True))
        assert await anext(stream) in ("a0", "b0")
        await stream.aclose()  # the client went away

    asyncio.run(run())
    assert sorted(closed) == ["a", "b"]
