"""Building read models from position 0 into fresh files, and swapping them in whole.

Until the swap, readers (and the live runner) keep the old files; a model that fails is not swapped
in, so nobody ever reads a half-built model.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

from niangjia_eventstore import EventStore
from niangjia_kit.projection import Decoder, Failure, ModelFiles, ModelStatus, open_model, remove

from niangjia_projections.rebuild.fresh import connect_fresh, drop_indexes, finish_build
from niangjia_projections.rebuild.hints import ReadModel
from niangjia_projections.rebuild.load import Load, Progress, bulk_mode, load_from_file, load_through_port
from niangjia_projections.rebuild.raw import store_file_reader
from niangjia_projections.rebuild.trusted import TrustingDecoder


class BuildOptions(TypedDict, total=False):
    batch_size: int
    """Events per page (default 2000)."""
    progress: Progress | None
    """Called after every page with (events done, position, the store's last position)."""


@dataclass(frozen=True, slots=True)
class Built:
    """A read model built into a fresh file and not swapped in yet (plain data: it crosses processes)."""

    name: str
    path: Path
    checkpoint: int
    applied: int
    failure: Failure | None


class RebuildFailed(RuntimeError):
    def __init__(self, failed: Sequence[Built]) -> None:
        self.failed = list(failed)
        details = "; ".join(
            f"{m.name} stopped at position {m.failure.position}: {m.failure.message}" for m in failed if m.failure
        )
        super().__init__(f"rebuild failed: {details}")


async def build(
    store: EventStore,
    files: ModelFiles,
    projections: Sequence[ReadModel],
    decoder: TrustingDecoder,
    **options: Unpack[BuildOptions],
) -> list[Built]:
    """Build the given models from position 0 into fresh files, durable and ready to swap in.

    The events decode on the decoder's trusted path (they were validated when they were written),
    holding only the fields the models read where their hints say which (`payload_fields`).
    A SQLite store is read straight from its file (`raw`), in the thread that applies the pages;
    any other store through its port. The fresh files have no journal and no fsync while they load,
    a model may stage what it writes and move it into its tables at the end (`hints.bulk`),
    and their secondary indexes are created after the load; each file is made durable (fsync) once,
    at the end. A model that fails keeps its failure and its fresh file is removed.
    """
    progress = options.get("progress")
    with bulk_mode():
        models: list[ModelStatus] = []
        deferred: dict[str, list[str]] = {}
        hints = {projection.name: projection.hints for projection in projections}
        try:
            for projection in projections:
                path = files.fresh(projection.name)
                model = open_model(projection, path, connect_fresh(path, projection.hints.cache_mib))
                models.append(model)
                deferred[model.name] = drop_indexes(model.conn, projection.hints.keep_indexes)
                if projection.hints.bulk is not None:
                    projection.hints.bulk.start(model.conn)
            trusted = rebuild_decoder(decoder, projections)
            load = Load(models, trusted, options.get("batch_size", 2000), await store.last_position(), progress)
            reader = store_file_reader(store)
            if reader is not None:
                try:
                    await load_from_file(reader, load)
                finally:
                    reader.close()
            else:
                await load_through_port(store, load)
            built = []
            for model in models:
                if model.failure is None:
                    bulk, analyze = hints[model.name].bulk, hints[model.name].analyze
                    finish = None if bulk is None else bulk.finish
                    indexes = deferred[model.name]
                    await asyncio.to_thread(finish_build, model.conn, model.path, indexes, finish, analyze)
                else:
                    model.conn.close()
                    remove(model.path)
                built.append(Built(model.name, model.path, model.checkpoint, model.applied, model.failure))
        except BaseException:
            for model in models:
                model.conn.close()
                remove(model.path)
            raise
    return built


def rebuild_decoder(decoder: TrustingDecoder, projections: Sequence[ReadModel]) -> Decoder:
    """The trusted decoder, making events that hold only the fields the models read (their
    `payload_fields`) except in the types some model without `payload_fields` takes."""
    fields: frozenset[str] | None = None
    whole: frozenset[str] = frozenset()
    for projection in projections:
        read = projection.hints.payload_fields
        if read is not None:
            fields = read if fields is None else fields | read
        elif projection.event_types is None:
            return decoder.trusted()
        else:
            whole |= projection.event_types
    return decoder.trusted(fields, whole)


def swap_in(files: ModelFiles, built: Sequence[Built]) -> None:
    """Swap in every model that was built whole; RebuildFailed names those that were not."""
    for model in built:
        if model.failure is None:
            files.swap(model.name, model.path)
    failed = [m for m in built if m.failure is not None]
    if failed:
        raise RebuildFailed(failed)


async def rebuild(
    store: EventStore,
    files: ModelFiles,
    projections: Sequence[ReadModel],
    decoder: TrustingDecoder,
    **options: Unpack[BuildOptions],
) -> list[Built]:
    """Build the given models (`build`), then swap each in whole.

    A model that fails is not swapped in; RebuildFailed is raised after the others are swapped.
    """
    built = await build(store, files, projections, decoder, **options)
    swap_in(files, built)
    return built
