"""The ledger over every adapter of the port (memory, SQLite, EventStoreDB where one is reachable):
it takes in every event, signs a checkpoint of them, and a verify of the untouched store passes."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import uuid4

import pytest
from niangjia_eventstore import EventStore, NewEvent, StreamState
from niangjia_ledger.audit import verify_log
from niangjia_ledger.keys import Signer, create_signing_key
from niangjia_ledger.leaves import event_bytes, leaf_hashes
from niangjia_ledger.runner import Ledger
from niangjia_ledger.state import LedgerFile
from niangjia_verifier import verify_event_in_checkpoint

from tests.support import rfc9162_reference as ref

pytestmark = pytest.mark.anyio


async def test_the_ledger_covers_every_event_of_the_store_and_verifies(store: EventStore, tmp_path: Path) -> None:
    stream = f"ledger-{uuid4().hex[:8]}"
    events = [NewEvent(event_id=uuid4(), type="Tested", data=json.dumps({"n": n}).encode()) for n in range(5)]
    await store.append(stream, events, StreamState.NO_STREAM)
    signer = Signer(create_signing_key(tmp_path / "ledger.key"))
    ledger = Ledger(store, LedgerFile(tmp_path / "ledger.db"), signer)
    await ledger.catch_up()
    everything = []
    after = 0
    while page := await store.read_all(after, 1000):
        everything += page
        after = page[-1].position
    checkpoint = ledger.state.latest_checkpoint()
    assert checkpoint is not None and checkpoint.tree_size == len(everything)
    assert checkpoint.root_hash == ref.mth(leaf_hashes(everything))
    mine = [e for e in everything if e.stream_id == stream]
    for event in mine:
        index, proof = ledger.inclusion_proof(event.position)
        verify_event_in_checkpoint(signer.public_key, checkpoint, event_bytes(event), index, proof)
    report = await verify_log(store, ledger.state, {signer.key_id: signer.public_key})
    assert report.ok, report.finding
    assert report.events == len(everything)
