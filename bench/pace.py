"""Commands offered at a fixed rate: each starts on its schedule, not when the previous one ends."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any


async def offer(rate: float, seconds: float, command: Callable[[int], Coroutine[Any, Any, None]]) -> None:
    """Start `command(n)` at n / rate seconds for every n below rate * seconds; wait for them all."""
    tasks = []
    start = time.perf_counter()
    for n in range(int(rate * seconds)):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(command(n)))
    await asyncio.gather(*tasks)
