"""The ledger's signed checkpoints in the server-sent event feed, for witnesses that keep them over HTTP.

Asked for with `GET /feed/stream?checkpoints=true`: the stream then also carries SSE events of type
`checkpoint`, `data:` a signed checkpoint as `GET /ledger/checkpoints` serves it, and no `id:` (so
`Last-Event-ID` stays the position of the last event). First the latest checkpoint when the stream
opens, then every checkpoint as it is signed. A checkpoint may cover events the stream has not sent
yet; `GET /ledger/checkpoints?after=` has every earlier one.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path
from typing import TypeVar

from niangjia_ledger.reader import CheckpointReader
from niangjia_verifier import Checkpoint
from sse_starlette import ServerSentEvent

CHECKPOINT_EVENT = "checkpoint"
POLL_SECONDS = 0.25
"""How often an open stream looks for new checkpoints in the ledger file."""

T = TypeVar("T")


def checkpoint_event(checkpoint: Checkpoint) -> ServerSentEvent:
    return ServerSentEvent(
        data=json.dumps(checkpoint.to_json(), separators=(",", ":")), event=CHECKPOINT_EVENT, id=None
    )


async def checkpoint_events(path: Path, poll: float = POLL_SECONDS) -> AsyncIterator[ServerSentEvent]:
    """The latest checkpoint of the ledger file at `path`, then each one signed after it; forever."""
    reader = CheckpointReader(path)
    size, time = -1, ""
    try:
        latest = await asyncio.to_thread(reader.latest)
        found = [] if latest is None else [latest]
        while True:
            for checkpoint in found:
                yield checkpoint_event(checkpoint)
                size, time = checkpoint.tree_size, checkpoint.to_json()["time"]
            await asyncio.sleep(poll)
            found = await asyncio.to_thread(reader.after, size, time, 100)
    finally:
        reader.close()


async def merged(*sources: AsyncIterator[T]) -> AsyncGenerator[T, None]:
    """The items of several iterators as each produces them; ends when all have ended, raises the
    first error of any; closing it stops them all."""
    queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue(maxsize=1)

    async def pump(source: AsyncIterator[T]) -> None:
        try:
            async for item in source:
                await queue.put(("item", item))
        except Exception as error:  # handed to the consumer, who raises it
            await queue.put(("error", error))
        else:
            await queue.put(("end", None))
        finally:  # stopped while the source waits at a `yield`: close it now, not when it is collected
            close = getattr(source, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()

    tasks = [asyncio.create_task(pump(source)) for source in sources]
    running = len(tasks)
    try:
        while running:
            kind, value = await queue.get()
            if kind == "error":
                raise value  # type: ignore[misc]
            if kind == "end":
                running -= 1
                continue
            yield value  # type: ignore[misc]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
