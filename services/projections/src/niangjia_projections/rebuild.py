"""Rebuild read models from position 0 into fresh files and swap them in whole.

`rebuild_read_models` is what the `niangjia` CLI and `niangjia-projections rebuild` call; a running
service keeps answering from the old files until the swap and then reopens the new ones.

The read models are independent of one another, so a rebuild from a store URL builds them in
parallel on the machine's cores, in groups of about the same work (`groups_for`); one group in this
process, the others in worker processes that open the store themselves. Every model is swapped in only when all the
groups have finished, by this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from niangjia_eventstore import EventStore

from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.runner import ModelFiles, Projection, ProjectionRunner
from niangjia_projections.runner.files import remove
from niangjia_projections.runner.runner import Built, Failure, build, rebuild, swap_in
from niangjia_projections.settings import ProjectionsSettings

Progress = Callable[[int, int, int], None]


@dataclass(frozen=True, slots=True)
class RebuildReport:
    models: tuple[str, ...]
    events: int
    position: int
    seconds: float
    processes: int = 1
    peak_rss_mb: float = 0.0
    """Peak resident memory of this process plus that of every worker process (an upper bound)."""

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def select(names: Sequence[str] | None) -> list[Projection]:
    projections = all_projections()
    if not names:
        return projections
    known = {p.name: p for p in projections}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown read model {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n] for n in names]


def groups_for(projections: Sequence[Projection], processes: int) -> list[list[Projection]]:
    """At most `processes` groups of about the same work, by the models' `rebuild_weight` (their
    share of a rebuild's work, 1.0 when they do not say): the heaviest first, each into the group
    with the least work so far, the first group (built in this process, which starts no
    interpreter) on a tie. With two: the audit history here, the activities and the organisations in
    a worker."""
    count = max(min(processes, len(projections)), 1)
    groups: list[list[Projection]] = [[] for _ in range(count)]
    work = [0.0] * count
    heaviest_first = sorted(projections, key=lambda p: (_weight(p), p.event_types is None), reverse=True)
    for projection in heaviest_first:  # on a tie, a model that takes every event first
        lightest = work.index(min(work))
        groups[lightest].append(projection)
        work[lightest] += _weight(projection)
    return [group for group in groups if group]


def _weight(projection: Projection) -> float:
    return float(getattr(projection, "rebuild_weight", 1.0))


def _open_store(url: str) -> EventStore:
    from niangjia_eventstore.factory import open_store

    return open_store(url)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def rebuild_models(
    store: EventStore,
    files: ModelFiles,
    names: Sequence[str] | None = None,
    *,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> RebuildReport:
    """Rebuild `names` (default: every read model) from `store`, in this process."""
    projections = select(names)
    started = time.perf_counter()
    tracker = _Tracker(1, progress)
    await rebuild(store, files, projections, contracts_decoder(), batch_size=batch_size, progress=tracker.callback(0))
    return tracker.report(projections, time.perf_counter() - started, 1, _peak_rss_mb())


async def rebuild_models_from(
    url: str,
    files: ModelFiles,
    names: Sequence[str] | None = None,
    *,
    batch_size: int = 2000,
    progress: Progress | None = None,
    processes: int | None = None,
) -> RebuildReport:
    """Rebuild `names` from the store at `url`, the groups of models in parallel processes.

    `processes` defaults to the number of cores. An in-memory store (`memory://`) is rebuilt in
    this process, as is a single group.
    """
    projections = select(names)
    groups = groups_for(projections, processes or os.cpu_count() or 1)
    if len(groups) == 1 or url.startswith("memory://"):
        store = _open_store(url)
        try:
            return await rebuild_models(store, files, names, batch_size=batch_size, progress=progress)
        finally:
            await store.close()
    started = time.perf_counter()
    started_ns = time.time_ns()
    tracker = _Tracker(len(groups), progress)
    workers: list[asyncio.subprocess.Process] = []
    listeners: list[asyncio.Future[list[Built]]] = []
    try:
        for group in groups[1:]:
            workers.append(await _start_worker(url, files.directory, [p.name for p in group], batch_size))
        listeners = [asyncio.ensure_future(_listen(worker, index, tracker)) for index, worker in enumerate(workers, 1)]
        store = _open_store(url)
        try:
            built = await build(
                store, files, groups[0], contracts_decoder(), batch_size=batch_size, progress=tracker.callback(0)
            )
        finally:
            await store.close()
        for listener in listeners:
            built.extend(await listener)
    except BaseException:
        for listener in listeners:
            listener.cancel()
        for worker in workers:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()
        _remove_fresh(files, [p.name for p in projections], started_ns)
        raise
    swap_in(files, built)
    return tracker.report(
        projections, time.perf_counter() - started, len(groups), _peak_rss_mb() + sum(tracker.peak_rss_mb)
    )


async def _start_worker(url: str, directory: Path, names: list[str], batch_size: int) -> asyncio.subprocess.Process:
    argv = [sys.executable, "-m", "niangjia_projections.rebuild", "--worker", url, str(directory), str(batch_size)]
    return await asyncio.create_subprocess_exec(*argv, *names, stdout=asyncio.subprocess.PIPE, limit=1 << 20)


async def _listen(worker: asyncio.subprocess.Process, index: int, tracker: _Tracker) -> list[Built]:
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


def _worker_main(argv: list[str]) -> None:
    """`python -m niangjia_projections.rebuild --worker URL DIR BATCH NAME...`: build the named
    models into fresh files and print them (JSON lines on stdout: progress, then the result)."""
    url, directory, batch_size, *names = argv
    out = sys.stdout

    def progress(done: int, position: int, last: int) -> None:
        out.write(json.dumps({"progress": [done, position, last]}) + "\n")
        out.flush()

    async def go() -> list[Built]:
        store = _open_store(url)
        try:
            return await build(
                store,
                ModelFiles(Path(directory)),
                select(names),
                contracts_decoder(),
                batch_size=int(batch_size),
                progress=progress,
            )
        finally:
            await store.close()

    built = asyncio.run(go())
    out.write(json.dumps({"built": [_built_as_dict(b) for b in built], "peak_rss_mb": _peak_rss_mb()}) + "\n")
    out.flush()


class _Tracker:
    """Progress of every group; the slowest group's position is the rebuild's."""

    def __init__(self, groups: int, progress: Progress | None) -> None:
        self.progress = progress
        self.done = [0] * groups
        self.position = [0] * groups
        self.last = [0] * groups
        self.peak_rss_mb: list[float] = []

    def update(self, index: int, done: int, position: int, last: int) -> None:
        self.done[index], self.position[index], self.last[index] = done, position, last
        if self.progress is not None:
            self.progress(min(self.done), min(self.position), max(self.last))

    def callback(self, index: int) -> Progress:
        def track(done: int, position: int, last: int) -> None:
            self.update(index, done, position, last)

        return track

    def report(self, projections: Sequence[Projection], seconds: float, processes: int, rss: float) -> RebuildReport:
        return RebuildReport(
            tuple(p.name for p in projections), max(self.done), max(self.position), seconds, processes, rss
        )


def _remove_fresh(files: ModelFiles, names: Sequence[str], since_ns: int) -> None:
    """Remove the fresh files an interrupted worker may have left (generations made since `since_ns`)."""
    for name in names:
        current = files.current(name)
        for path in files.generations(name):
            with contextlib.suppress(ValueError):
                if path != current and int(path.name.split(".")[1]) >= since_ns:
                    remove(path)


def rebuild_read_models(
    settings: ProjectionsSettings,
    names: Sequence[str] | None = None,
    *,
    progress: Progress | None = None,
    batch_size: int = 2000,
    processes: int | None = None,
) -> RebuildReport:
    """Rebuild `names` (default: every read model) of the service configured by `settings`."""
    return asyncio.run(
        rebuild_models_from(
            settings.store,
            ModelFiles(settings.read_models_path),
            names,
            batch_size=batch_size,
            progress=progress,
            processes=processes,
        )
    )


def catch_up_read_models(
    settings: ProjectionsSettings, *, batch_size: int | None = None, on_batch: Callable[[int], None] | None = None
) -> int:
    """Bring every read model up to the store's current end, in place; returns the checkpoint."""

    async def go() -> int:
        store = _open_store(settings.store)
        runner = ProjectionRunner(
            store,
            ModelFiles(settings.read_models_path),
            all_projections(),
            contracts_decoder(),
            batch_size=batch_size or settings.projection_batch_size,
        )
        try:
            runner.open()
            while await runner.step():
                if on_batch is not None:
                    on_batch(runner.checkpoint())
            failed = [s for s in runner.status() if s["failure"]]
            if failed:
                raise RuntimeError("; ".join(f"{s['name']}: {s['failure']}" for s in failed))
            return runner.checkpoint()
        finally:
            runner.close()
            await store.close()

    return asyncio.run(go())


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    _worker_main(sys.argv[2:])
