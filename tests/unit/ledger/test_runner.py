"""The ledger runner over the memory and SQLite adapters: it tails the store, signs checkpoints
that verify with nothing but niangjia_verifier, and answers proofs that verify against them."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import stat
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from niangjia_eventstore import EventStore, NewEvent, SQLiteEventStore, StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_ledger.keys import Signer, load_or_create_signing_key
from niangjia_ledger.leaves import event_bytes, leaf_hashes
from niangjia_ledger.runner import Ledger
from niangjia_ledger.state import LedgerFile
from niangjia_verifier import (
    Checkpoint,
    CheckpointError,
    key_id,
    leaf_hash,
    load_public_key,
    verify_checkpoints_consistent,
    verify_event_in_checkpoint,
)

from tests.support import rfc9162_reference as ref

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EventStore]:
    opened: EventStore = InMemoryEventStore() if request.param == "memory" else SQLiteEventStore(tmp_path / "events.db")
    async with opened:
        yield opened


async def _append(store: EventStore, count: int, stream: str = "s") -> None:
    for n in range(count):
        event = NewEvent(event_id=uuid4(), type="Tested", data=json.dumps({"n": n}).encode())
        await store.append(f"{stream}-{n}", [event], StreamState.NO_STREAM)


def _ledger(store: EventStore, tmp_path: Path, **options: object) -> Ledger:
    key, _ = load_or_create_signing_key(tmp_path / "ledger.key")
    return Ledger(store, LedgerFile(tmp_path / "ledger.db"), Signer(key), **options)  # type: ignore[arg-type]


async def test_a_catch_up_signs_a_checkpoint_of_every_event(store: EventStore, tmp_path: Path) -> None:
    await _append(store, 7)
    ledger = _ledger(store, tmp_path)
    assert await ledger.catch_up() == 7
    checkpoint = ledger.state.latest_checkpoint()
    assert checkpoint is not None and checkpoint.tree_size == 7
    events = await store.read_all(0, 100)
    assert checkpoint.root_hash == ref.mth(leaf_hashes(events))
    public = load_public_key(ledger.signer.public_base64)
    for event in events:
        index, proof = ledger.inclusion_proof(event.position)
        verify_event_in_checkpoint(public, checkpoint, event_bytes(event), index, proof)
    assert await ledger.catch_up() == 0
    assert len(ledger.state.checkpoints()) == 1  # nothing new, nothing signed


async def test_a_long_catch_up_signs_at_least_once_a_second(store: EventStore, tmp_path: Path) -> None:
    await _append(store, 6)
    now = [datetime(2025, 1, 1, tzinfo=UTC)]

    def clock() -> datetime:
        now[0] += timedelta(milliseconds=600)
        return now[0]

    ledger = _ledger(store, tmp_path, clock=clock, page_size=1)
    await ledger.catch_up()
    signed = ledger.state.checkpoints()
    assert [c.tree_size for c in signed][-1] == 6
    gaps = [b.timestamp - a.timestamp for a, b in itertools.pairwise(signed)]
    assert len(signed) >= 3 and all(gap <= timedelta(seconds=2) for gap in gaps)
    public = load_public_key(ledger.signer.public_base64)
    for older, newer in itertools.pairwise(signed):
        verify_checkpoints_consistent(public, older, newer, ledger.consistency_proof(older.tree_size, newer.tree_size))


async def test_the_live_loop_signs_events_as_they_arrive(store: EventStore, tmp_path: Path) -> None:
    ledger = _ledger(store, tmp_path, poll_interval=0.01)
    stop = asyncio.Event()
    running = asyncio.create_task(ledger.run(stop))
    try:
        await _append(store, 3)
        await _until(lambda: (c := ledger.state.latest_checkpoint()) is not None and c.tree_size == 3)
        await _append(store, 2, stream="t")
        await _until(lambda: (c := ledger.state.latest_checkpoint()) is not None and c.tree_size == 5)
    finally:
        stop.set()
        await running


async def _until(condition: Callable[[], bool]) -> None:
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the ledger did not catch up")


async def test_a_restarted_or_rebuilt_ledger_goes_on_with_the_same_tree(store: EventStore, tmp_path: Path) -> None:
    await _append(store, 5)
    first = _ledger(store, tmp_path)
    await first.catch_up()
    first.state.close()
    await _append(store, 4, stream="t")
    again = _ledger(store, tmp_path)
    await again.catch_up()
    root = again.state.tree.root()
    assert root == ref.mth(leaf_hashes(await store.read_all(0, 100)))
    assert await again.rebuild() == 9
    assert again.state.tree.root() == root
    assert [c.tree_size for c in again.state.checkpoints()] == [5, 9, 9]


async def test_the_key_is_created_owner_only_and_kept(tmp_path: Path) -> None:
    key, created = load_or_create_signing_key(tmp_path / "ledger.key")
    assert created
    assert stat.S_IMODE((tmp_path / "ledger.key").stat().st_mode) == 0o600
    again, created_again = load_or_create_signing_key(tmp_path / "ledger.key")
    assert not created_again and key_id(again.public_key()) == key_id(key.public_key())


async def test_checkpoints_signed_before_a_key_rotation_still_verify(store: EventStore, tmp_path: Path) -> None:
    await _append(store, 2)
    old = _ledger(store, tmp_path)
    await old.catch_up()
    old.state.close()
    (tmp_path / "ledger.key").rename(tmp_path / "retired.key")
    await _append(store, 2, stream="t")
    new = _ledger(store, tmp_path)
    await new.catch_up()
    assert new.signer.key_id != old.signer.key_id
    keys = {kid: load_public_key(base64.b64encode(raw)) for kid, raw in new.state.public_keys().items()}
    for checkpoint in new.state.checkpoints():
        checkpoint.verify(keys)
    with pytest.raises(CheckpointError, match="unknown key"):
        new.state.checkpoints()[0].verify(new.signer.public_key)


async def test_a_changed_checkpoint_no_longer_verifies(store: EventStore, tmp_path: Path) -> None:
    await _append(store, 3)
    ledger = _ledger(store, tmp_path)
    await ledger.catch_up()
    checkpoint = ledger.state.latest_checkpoint()
    assert checkpoint is not None
    as_json = checkpoint.to_json()
    assert Checkpoint.from_json(as_json) == checkpoint
    forged = Checkpoint.from_json({**as_json, "root_hash": leaf_hash(b"x").hex()})
    with pytest.raises(CheckpointError, match="signature"):
        forged.verify(ledger.signer.public_key)
