"""Rebuilding the service's read models by name: in this process, or fanned out over processes.

`rebuild_read_models` is what the `niangjia` CLI and `niangjia-projections rebuild` call; a running
service keeps answering from the old files until the swap and then reopens the new ones.

The read models are independent of one another, so a rebuild from a store URL builds them in
parallel on the machine's cores, in groups of about the same work (`groups_for`); one group in this
process, the others in worker processes (`workers`) that open the store themselves. Every model
is swapped in only when all the groups have finished, by this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Sequence
from typing import Unpack

from niangjia_eventstore import EventStore
from niangjia_kit.projection import ModelFiles, remove

from niangjia_projections.models import contracts_decoder, select
from niangjia_projections.rebuild.build import BuildOptions, Built, build, rebuild, swap_in
from niangjia_projections.rebuild.hints import ReadModel
from niangjia_projections.rebuild.progress import RebuildReport, Tracker
from niangjia_projections.rebuild.workers import listen, open_store, start_worker
from niangjia_projections.settings import ProjectionsSettings


def groups_for(projections: Sequence[ReadModel], processes: int) -> list[list[ReadModel]]:
    """At most `processes` groups of about the same work, by the models' `hints.weight` (their
    share of a rebuild's work): the heaviest first, each into the group with the least work so
    far, the first group (built in this process, which starts no interpreter) on a tie. With two:
    the audit history here, the activities and the organisations in a worker."""
    count = max(min(processes, len(projections)), 1)
    groups: list[list[ReadModel]] = [[] for _ in range(count)]
    work = [0.0] * count
    heaviest_first = sorted(projections, key=lambda p: (p.hints.weight, p.event_types is None), reverse=True)
    for projection in heaviest_first:  # on a tie, a model that takes every event first
        lightest = work.index(min(work))
        groups[lightest].append(projection)
        work[lightest] += projection.hints.weight
    return [group for group in groups if group]


async def rebuild_models(
    store: EventStore, files: ModelFiles, names: Sequence[str] | None = None, **options: Unpack[BuildOptions]
) -> RebuildReport:
    """Rebuild `names` (default: every read model) from `store`, in this process."""
    projections = select(names)
    started = time.perf_counter()
    tracker = Tracker(1, options.get("progress"))
    batch_size = options.get("batch_size", 2000)
    await rebuild(store, files, projections, contracts_decoder(), batch_size=batch_size, progress=tracker.callback(0))
    return tracker.report(projections, time.perf_counter() - started, 1)


async def rebuild_models_from(
    url: str,
    files: ModelFiles,
    names: Sequence[str] | None = None,
    *,
    processes: int | None = None,
    **options: Unpack[BuildOptions],
) -> RebuildReport:
    """Rebuild `names` from the store at `url`, the groups of models in parallel processes.

    `processes` defaults to the number of cores. An in-memory store (`memory://`) is rebuilt in
    this process, as is a single group.
    """
    projections = select(names)
    groups = groups_for(projections, processes or os.cpu_count() or 1)
    if len(groups) == 1 or url.startswith("memory://"):
        store = open_store(url)
        try:
            return await rebuild_models(store, files, names, **options)
        finally:
            await store.close()
    started = time.perf_counter()
    started_ns = time.time_ns()
    tracker = Tracker(len(groups), options.get("progress"))
    batch_size = options.get("batch_size", 2000)
    workers: list[asyncio.subprocess.Process] = []
    listeners: list[asyncio.Future[list[Built]]] = []
    try:
        for group in groups[1:]:
            workers.append(await start_worker(url, files.directory, [p.name for p in group], batch_size))
        listeners = [asyncio.ensure_future(listen(worker, index, tracker)) for index, worker in enumerate(workers, 1)]
        store = open_store(url)
        try:
            decoder = contracts_decoder()
            built = await build(store, files, groups[0], decoder, batch_size=batch_size, progress=tracker.callback(0))
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
    return tracker.report(projections, time.perf_counter() - started, len(groups))


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
    processes: int | None = None,
    **options: Unpack[BuildOptions],
) -> RebuildReport:
    """Rebuild `names` (default: every read model) of the service configured by `settings`."""
    files = ModelFiles(settings.read_models_path)
    return asyncio.run(rebuild_models_from(settings.store, files, names, processes=processes, **options))
