"""The worker processes of a parallel rebuild: each opens the store itself, builds its group of models
into fresh files and reports them on stdout as JSON lines (progress, then the result); the parent
listens and swaps every model in once all the groups have finished.

    python -m niangjia_projections.rebuild --worker URL DIR BATCH NAME...
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from niangjia_eventstore import EventStore
from niangjia_kit.projection import Failure, ModelFiles

from niangjia_projections.models import contracts_decoder, select
from niangjia_projections.rebuild.build import Built, build
from niangjia_projections.rebuild.progress import Tracker, peak_rss_mb


def open_store(url: str) -> EventStore:
    from niangjia_eventstore.factory import open_store

    return open_store(url)


async def start_worker(url: str, directory: Path, names: list[str], batch_size: int) -> asyncio.subprocess.Process:
    argv = [sys.executable, "-m", "niangjia_projections.rebuild", "--worker", url, str(directory), str(batch_size)]
    return await asyncio.create_subprocess_exec(*argv, *names, stdout=asyncio.subprocess.PIPE, limit=1 << 20)


async def listen(worker: asyncio.subprocess.Process, index: int, tracker: Tracker) -> list[Built]:
    """Follow a worker's progress lines until its result line; its built models (not swapped in)."""
    assert worker.stdout is not None
    built: list[Built] | None = None
    async for line in worker.stdout:
        try:
            message = json.loads(line)
        except ValueError:
            continue  # not one of the worker's lines
        if not isinstance(message, dict):
            continue
        if "progress" in message:
            tracker.update(index, *message["progress"])
        elif "built" in message:
            built = [_built_from(b) for b in message["built"]]
            tracker.peak_rss_mb.append(message["peak_rss_mb"])
    code = await worker.wait()
    if code != 0 or built is None:
        raise RuntimeError(f"a rebuild worker process failed (exit code {code}); see its error above")
    return built


def _built_from(data: dict[str, Any]) -> Built:
    failure = data["failure"]
    return Built(
        data["name"],
        Path(data["path"]),
        data["checkpoint"],
        data["applied"],
        None if failure is None else Failure(**failure),
    )


def _built_as_dict(built: Built) -> dict[str, Any]:
    return {
        "name": built.name,
        "path": str(built.path),
        "checkpoint": built.checkpoint,
        "applied": built.applied,
        "failure": None if built.failure is None else built.failure.as_dict(),
    }


def worker_main(argv: list[str]) -> None:
    """`--worker URL DIR BATCH NAME...`: build the named models into fresh files and print them."""
    url, directory, batch_size, *names = argv
    out = sys.stdout

    def progress(done: int, position: int, last: int) -> None:
        out.write(json.dumps({"progress": [done, position, last]}) + "\n")
        out.flush()

    async def go() -> list[Built]:
        store = open_store(url)
        try:
            files = ModelFiles(Path(directory))
            decoder = contracts_decoder()
            return await build(store, files, select(names), decoder, batch_size=int(batch_size), progress=progress)
        finally:
            await store.close()

    built = asyncio.run(go())
    out.write(json.dumps({"built": [_built_as_dict(b) for b in built], "peak_rss_mb": peak_rss_mb()}) + "\n")
    out.flush()
