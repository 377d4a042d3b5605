"""Hashing a SQLite log on two cores: a second process hashes the log's tail while this one hashes its head.

Hashing a leaf costs about as much as reading its row, and both hold the GIL (hashlib lets go of it only
for inputs far larger than an event), so threads cannot share the work. `tail_leaves` runs in a child
process (`python -m niangjia_ledger.split STORE AFTER PAGE_SIZE`, writing its result to stdout): it opens the store through its SQLite adapter, reads every event after a position, and gives
back the events' positions and leaf hashes, packed (8 and 32 bytes each). The parent checks them exactly
as it checks the leaves it hashed itself: against the ledger's leaves and every checkpoint's root.
"""

from __future__ import annotations

import asyncio
import os
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path

from niangjia_eventstore import SQLiteEventStore

from niangjia_ledger.bulk import raw_leaf_hashes

MIN_EVENTS = 200_000
"""Below this many events a second process costs more (its start) than it saves."""
TAIL_SHARE = 0.62
"""The share of the log the child hashes: the parent also builds the tree and compares with the ledger."""


def tail_leaves(store_path: str, after: int, page_size: int) -> tuple[bytes, list[bytes]]:
    """The positions (native int64) and leaf hashes of every event after `after`, packed."""
    return asyncio.run(_tail(store_path, after, page_size))


async def _tail(store_path: str, after: int, page_size: int) -> tuple[bytes, list[bytes]]:
    positions = array("q")
    leaves: list[bytes] = []
    async with SQLiteEventStore(store_path) as store:
        reading = asyncio.ensure_future(store.read_all_raw(after, page_size))
        while True:
            page = await reading
            if not page:
                break
            reading = asyncio.ensure_future(store.read_all_raw(page[-1][0], page_size))  # read ahead
            positions.extend(row[0] for row in page)
            leaves.append(b"".join(raw_leaf_hashes(page)))
    return positions.tobytes(), leaves


def unpack_pages(packed: tuple[bytes, bytes], page_size: int) -> Iterator[tuple[list[int], list[bytes]]]:
    """The packed tail as pages of (positions, leaf hashes), a page's worth of objects at a time."""
    positions = array("q")
    positions.frombytes(packed[0])
    leaves = memoryview(packed[1])
    if len(leaves) != 32 * len(positions):
        raise ValueError("the tail's positions and leaves do not match")
    for start in range(0, len(positions), page_size):
        end = min(start + page_size, len(positions))
        yield positions[start:end].tolist(), [bytes(leaves[i * 32 : i * 32 + 32]) for i in range(start, end)]


def two_cores() -> bool:
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # not on Linux
        return (os.cpu_count() or 1) >= 2


def split_at(last_position: int) -> int | None:
    """The position after which the child hashes the log; None when the log is too small for a second
    process to pay (its start) or there is only one core."""
    if last_position < MIN_EVENTS or not two_cores():
        return None
    return int(last_position * (1 - TAIL_SHARE))


async def hash_tail(store_path: Path, after: int, page_size: int) -> tuple[bytes, bytes]:
    """`tail_leaves` in a child process (this module run by the same interpreter); OSError if it fails."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        os.fspath(store_path),
        str(after),
        str(page_size),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    try:
        count = int.from_bytes(await child.stdout.readexactly(8), "little")
        positions = await child.stdout.readexactly(8 * count)
        leaves = await child.stdout.readexactly(32 * count)
        await child.wait()
    except asyncio.IncompleteReadError as error:
        raise OSError(f"hashing the log's tail failed (exit {await child.wait()})") from error
    except BaseException:
        if child.returncode is None:
            child.kill()
            await child.wait()
        raise
    if child.returncode != 0:
        raise OSError(f"hashing the log's tail failed (exit {child.returncode})")
    return positions, leaves


def main(argv: list[str]) -> None:
    positions, leaves = tail_leaves(argv[0], int(argv[1]), int(argv[2]))
    out = sys.stdout.buffer
    out.write((len(positions) // 8).to_bytes(8, "little"))
    out.write(positions)
    for run in leaves:
        out.write(run)
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
