"""Random tamperings of random histories: every one is found, at its position and of its kind, and
no untouched history is flagged (SQLite store, tampered with through SQL)."""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState
from niangjia_ledger.audit import Report, verify_log
from niangjia_ledger.keys import Signer, create_signing_key
from niangjia_ledger.runner import Ledger
from niangjia_ledger.state import LedgerFile

from tests.integration.ledger import tampering

COLUMNS = ["data", "type", "stream_version", "recorded_at", "metadata", "event_id", "stream_id"]

histories = st.lists(
    st.tuples(st.integers(0, 3), st.binary(min_size=1, max_size=40), st.integers(1, 3)), min_size=2, max_size=12
)


async def _check(folder: Path, history: list[tuple[int, bytes, int]], tamper: object) -> Report:
    db = folder / "events.db"
    store = SQLiteEventStore(db)
    for stream, payload, count in history:
        events = [
            NewEvent(event_id=uuid4(), type="Tested", data=json.dumps({"p": payload.hex(), "i": i}).encode())
            for i in range(count)
        ]
        await store.append(f"s-{stream}", events, StreamState.ANY)
    state = LedgerFile(folder / "ledger.db")
    signer = Signer(create_signing_key(folder / "ledger.key"))
    await Ledger(store, state, signer).catch_up()
    await store.close()
    if callable(tamper):
        tamper(db)
    async with SQLiteEventStore(db) as reopened:
        return await verify_log(reopened, state, {signer.key_id: signer.public_key}, page_size=7)


def run(history: list[tuple[int, bytes, int]], tamper: object = None) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_check(Path(folder), history, tamper))


@settings(max_examples=200, deadline=None)
@given(history=histories)
def test_no_untouched_history_is_flagged(history: list[tuple[int, bytes, int]]) -> None:
    report = run(history)
    assert report.ok, report.finding
    assert report.events == sum(count for _, _, count in history)


@settings(max_examples=250, deadline=None)
@given(history=histories, data=st.data())
def test_every_tampering_is_found_at_its_position_with_its_kind(
    history: list[tuple[int, bytes, int]], data: st.DataObject
) -> None:
    n = sum(count for _, _, count in history)
    how = data.draw(st.sampled_from(["alter", "delete", "swap", "insert", "roll back"]))
    p = data.draw(st.integers(1, n))
    if how == "alter":
        column = data.draw(st.sampled_from(COLUMNS))
        at = data.draw(st.integers(0, 30))
        report = run(
            history,
            lambda db: (
                tampering.flip_data_byte(db, p, at) if column == "data" else tampering.change_column(db, p, column)
            ),
        )
        expected = ("altered", p)
    elif how == "delete":
        report = run(history, lambda db: tampering.delete(db, p))
        expected = ("rolled_back", p) if p == n else ("removed", p)
    elif how == "swap":
        q = data.draw(st.integers(1, n).filter(lambda q: q != p))
        report = run(history, lambda db: tampering.swap(db, p, q))
        expected = ("reordered", min(p, q))
    elif how == "insert":
        report = run(history, lambda db: tampering.insert_forged(db, p))
        expected = ("inserted", p)
    else:
        keep = p - 1
        report = run(history, lambda db: tampering.truncate(db, keep))
        expected = ("rolled_back", keep + 1)
    assert report.finding is not None, (how, p)
    assert (report.finding.kind.value, report.finding.position) == expected, report.finding
