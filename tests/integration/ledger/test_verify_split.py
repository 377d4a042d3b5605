"""Verification with the log's tail hashed in a child process finds what the single-process pass finds:
the same report for an untouched log, and each tampering, before, at and after the split, with its
position and kind; a child that fails leaves the tail to be read here."""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from uuid import uuid4

import pytest
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from niangjia_ledger.audit import Kind, Report, verify_log
from niangjia_ledger.keys import Signer, create_signing_key
from niangjia_ledger.pages import Tail
from niangjia_ledger.runner import Ledger
from niangjia_ledger.split import hash_tail
from niangjia_ledger.state import LedgerFile

from tests.integration.ledger import tampering

EVENTS = 60
SPLIT = 30


async def _failing() -> tuple[bytes, bytes]:
    raise OSError("the child failed")


async def _verify(tamper: Callable[[Path], None] | None, split: int | None, *, fail: bool = False) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "events.db"
        store = SQLiteEventStore(db)
        for i in range(0, EVENTS, 3):
            events = [
                NewEvent(event_id=uuid4(), type="Tested", data=json.dumps({"i": i + j}).encode()) for j in range(3)
            ]
            await store.append(f"s-{i % 4}", events, StreamState.ANY)
        state = LedgerFile(folder / "ledger.db")
        signer = Signer(create_signing_key(folder / "ledger.key"))
        await Ledger(store, state, signer).catch_up()
        await store.close()
        if tamper is not None:
            tamper(db)
        async with SQLiteEventStore(db) as reopened:
            tail = None
            if split is not None:
                packed = _failing() if fail else hash_tail(db, split, 7)
                tail = Tail(split, asyncio.ensure_future(packed))
            report = await verify_log(reopened, state, {signer.key_id: signer.public_key}, page_size=7, tail=tail)
        state.close()
        return report


def run(tamper: Callable[[Path], None] | None, split: int | None, *, fail: bool = False) -> Report:
    return asyncio.run(_verify(tamper, split, fail=fail))


def test_an_untouched_log_passes_with_its_tail_hashed_in_a_child() -> None:
    report = run(None, SPLIT)
    assert report.ok, report.finding
    assert report.events == EVENTS


@pytest.mark.parametrize("position", [5, SPLIT, SPLIT + 1, 50])
@pytest.mark.parametrize(
    ("tamper", "kind"),
    [
        (lambda db, p: tampering.flip_data_byte(db, p), Kind.ALTERED),
        (lambda db, p: tampering.delete(db, p), Kind.REMOVED),
        (lambda db, p: tampering.swap(db, p, p + 2), Kind.REORDERED),
        (lambda db, p: tampering.insert_forged(db, p), Kind.INSERTED),
    ],
    ids=["altered", "removed", "reordered", "inserted"],
)
def test_a_tampering_on_either_side_of_the_split_is_found_as_without_one(
    position: int, tamper: Callable[[Path, int], None], kind: Kind
) -> None:
    split = run(lambda db: tamper(db, position), SPLIT)
    single = run(lambda db: tamper(db, position), None)
    assert split.finding is not None and single.finding is not None
    assert split.finding.kind == single.finding.kind == kind
    assert split.finding.position == single.finding.position


def test_a_truncated_log_is_rolled_back_with_a_split() -> None:
    report = run(lambda db: tampering.truncate(db, 40), SPLIT)
    assert report.finding is not None and report.finding.kind == Kind.ROLLED_BACK
    assert report.finding.position == 41


def test_a_failed_child_leaves_the_tail_to_this_process() -> None:
    assert run(None, SPLIT, fail=True).ok
    report = run(lambda db: tampering.flip_data_byte(db, 50), SPLIT, fail=True)
    assert report.finding is not None and report.finding.kind == Kind.ALTERED and report.finding.position == 50
