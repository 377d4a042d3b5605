"""The event store benchmark: our SQLite store beside a bare sqlite3 loop and eventsourcing's recorder.

usage: .venv/bin/python bench/store_bench.py [--events N] [--single N] [--rounds N]

Everything runs on temporary files in one process (plus one subscriber process), durable commits
(synchronous=FULL) unless said otherwise. Rates are medians over --rounds runs, interleaved so that
the machine's drift hits every contender alike. Compare figures within one run only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
from niangjia_contracts import (
    CareActivityHeld,
    DomainEvent,
    EventMetadata,
    FederationFounded,
    decode_event,
    decode_recorded,
    encode_event,
    encode_metadata,
)
from niangjia_eventstore import NewEvent, RecordedEvent, SQLiteEventStore, StreamState
from niangjia_eventstore._sqlite_schema import MIGRATIONS

PAGE = 1000


@dataclass(frozen=True)
class Payload:
    type: str
    data: bytes
    metadata: bytes


def payloads(n: int) -> list[Payload]:
    """n events of the two commonest kinds, about 500 bytes each with their envelope metadata."""
    founded = FederationFounded.model_validate(
        {
            "federation_id": "wj-gxq",
            "name": "武进国家高新区妇联",
            "kind": "federation",
            "domain": "industrial_park",
            "level": "town",
            "region": "江苏省/常州市/武进区",
            "host_organisation": "武进国家高新区管委会",
            "founded_on": date(2021, 5, 8),
            "women_members": 3200,
        }
    )
    held = CareActivityHeld.model_validate(
        {
            "activity_id": "yc-2024-01",
            "organiser_id": "yc-chamber",
            "organiser_kind": "federation",
            "region": "重庆市/永川区",
            "held_on": date(2024, 1, 20),
            "title": "春送温暖·新春慰问",
            "campaign": "spring_warmth",
            "people_served": 120,
            "volunteers": 15,
            "goods_value_yuan": "9080.5",
        }
    )
    kinds: list[tuple[DomainEvent, date]] = [(founded, date(2021, 5, 8)), (held, date(2024, 1, 20))]
    out = []
    for i in range(n):
        event, on = kinds[i % 2]
        meta = EventMetadata(
            schema_version=1,
            occurred_on=on,
            actor="recorder-wj",
            command_id=uuid4(),
            correlation_id=uuid4(),
            source=event.source,
        )
        out.append(Payload(event.event_type, encode_event(event), encode_metadata(meta)))
    return out


def new_events(items: list[Payload]) -> list[NewEvent]:
    return [NewEvent(event_id=uuid4(), type=p.type, data=p.data, metadata=p.metadata) for p in items]


def rate(count: int, fn: Callable[..., object], *args: object) -> float:
    """count / the seconds fn(*args) takes."""
    started = time.perf_counter()
    fn(*args)
    return count / (time.perf_counter() - started)


def run(coro_fn: Callable[..., Coroutine[object, object, object]], *args: object) -> None:
    asyncio.run(coro_fn(*args))


# contenders for single-event durable appends: 100 aggregates, each append checked against its version


def ours_single(store: SQLiteEventStore, events: list[NewEvent], tag: str) -> None:
    versions: dict[str, int | StreamState] = {}
    for i, e in enumerate(events):
        s = f"{tag}-{i % 100}"
        versions[s] = store.append_sync(s, [e], versions.get(s, StreamState.NO_STREAM)).stream_version


def bare_single(conn: sqlite3.Connection, events: list[NewEvent], tag: str) -> None:
    """What a careful hand-written loop does: lock, check the version, insert, commit."""
    versions: dict[str, int] = {}
    for i, e in enumerate(events):
        s = f"{tag}-{i % 100}"
        conn.execute("BEGIN IMMEDIATE")
        actual = conn.execute("SELECT max(stream_version) FROM events WHERE stream_id = ?", (s,)).fetchone()[0]
        if actual != versions.get(s):
            raise AssertionError("version conflict in a single-writer benchmark")
        version = 0 if actual is None else actual + 1
        conn.execute(
            "INSERT INTO events VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
            (e.event_id.bytes, s, version, e.type, e.data, e.metadata, time.time_ns() // 1000),
        )
        conn.execute("COMMIT")
        versions[s] = version


def theirs_single(recorder: SQLiteApplicationRecorder, events: list[NewEvent]) -> None:
    ids = [uuid4() for _ in range(100)]
    versions: dict[UUID, int] = {}
    for i, e in enumerate(events):
        oid = ids[i % 100]
        versions[oid] = versions.get(oid, 0) + 1
        recorder.insert_events(
            [StoredEvent(originator_id=oid, originator_version=versions[oid], topic=e.type, state=e.data)]
        )


def ours_batched(store: SQLiteEventStore, events: list[NewEvent]) -> None:
    for start in range(0, len(events), PAGE):
        store.append_sync(f"batch-{uuid4().hex}", events[start : start + PAGE], StreamState.NO_STREAM)


def theirs_batched(recorder: SQLiteApplicationRecorder, events: list[NewEvent]) -> None:
    for start in range(0, len(events), PAGE):
        oid = uuid4()
        recorder.insert_events(
            [
                StoredEvent(originator_id=oid, originator_version=v + 1, topic=e.type, state=e.data)
                for v, e in enumerate(events[start : start + PAGE])
            ]
        )


def ours_pages(store: SQLiteEventStore) -> Iterator[list[RecordedEvent]]:
    after = 0
    while page := store.read_all_sync(after, PAGE):
        yield page
        after = page[-1].position


def theirs_pages(recorder: SQLiteApplicationRecorder) -> Iterator[list[tuple[str, bytes]]]:
    after = 0
    while page := recorder.select_notifications(after, PAGE, inclusive_of_start=False):
        yield [(n.topic, n.state) for n in page]
        after = page[-1].id


async def ours_catch_up(store: SQLiteEventStore, until: int) -> int:
    count = 0
    async for e in store.subscribe(0, page_size=PAGE):
        count += 1
        if e.position >= until:
            break
    return count


async def ours_concurrent(store: SQLiteEventStore, events: list[NewEvent], writers: int) -> None:
    async def writer(k: int) -> None:
        version: int | StreamState = StreamState.NO_STREAM
        s = f"conc-{uuid4().hex}"
        for e in events[k::writers]:
            version = (await store.append(s, [e], version)).stream_version

    await asyncio.gather(*(writer(k) for k in range(writers)))


async def ours_async_single(store: SQLiteEventStore, events: list[NewEvent]) -> None:
    s = f"async-{uuid4().hex}"
    version: int | StreamState = StreamState.NO_STREAM
    for e in events:
        version = (await store.append(s, [e], version)).stream_version


SUBSCRIBER = """
import asyncio, json, sys, time
from niangjia_eventstore import SQLiteEventStore
async def main(path, count):
    store = SQLiteEventStore(path)
    lags = []
    print("ready", flush=True)
    async for e in store.subscribe(int(sys.argv[3])):
        lags.append(time.time() - json.loads(e.metadata)["sent"])
        if len(lags) == count:
            break
    print(json.dumps(lags), flush=True)
    await store.close()
asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


def cross_process_lag(path: Path, count: int) -> list[float]:
    """Seconds from the start of an append to its arrival at a subscriber in another process."""
    store = SQLiteEventStore(path)
    start = store.last_position_sync()
    sub = subprocess.Popen(
        [sys.executable, "-c", SUBSCRIBER, str(path), str(count), str(start)], stdout=subprocess.PIPE, text=True
    )
    assert sub.stdout is not None
    sub.stdout.readline()
    time.sleep(0.3)  # let it catch up and start waiting
    for _ in range(count):
        meta = f'{{"sent": {time.time()!r}}}'.encode()
        store.append_sync("lag-1", [NewEvent(event_id=uuid4(), type="Lag", data=b"{}", metadata=meta)], StreamState.ANY)
        time.sleep(0.02)
    out, _ = sub.communicate(timeout=60)
    store.close_sync()
    return [float(x) for x in json.loads(out.strip().splitlines()[-1])]


def bare_conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    return conn


def their_recorder(path: Path) -> SQLiteApplicationRecorder:
    recorder = SQLiteApplicationRecorder(SQLiteDatastore(db_name=str(path)))
    recorder.create_table()
    return recorder


def their_synchronous(recorder: SQLiteApplicationRecorder) -> str:
    with recorder.datastore.transaction(commit=False) as c:
        c.execute("PRAGMA synchronous")
        return {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[c.fetchone()[0]]


def single_appends(d: Path, items: list[Payload], n: int, rounds: int) -> None:
    store = SQLiteEventStore(d / "ours-single.db")
    bare = bare_conn(d / "bare-single.db")
    theirs = their_recorder(d / "theirs-single.db")
    r: dict[str, list[float]] = {"ours": [], "bare": [], "theirs": []}
    for k in range(rounds):
        r["ours"].append(rate(n, ours_single, store, new_events(items[:n]), f"s{k}"))
        r["bare"].append(rate(n, bare_single, bare, new_events(items[:n]), f"s{k}"))
        r["theirs"].append(rate(n, theirs_single, theirs, new_events(items[:n])))
    ours, bare_rate, their = (statistics.median(r[x]) for x in ("ours", "bare", "theirs"))
    print(f"\nsingle-event appends, one durable commit each (synchronous=FULL; theirs: {their_synchronous(theirs)})")
    print(f"  ours (append_sync)            {ours:>10,.0f} events/s")
    print(f"  bare sqlite3 loop             {bare_rate:>10,.0f} events/s   ours/bare = {ours / bare_rate:.0%}")
    print(f"  eventsourcing recorder        {their:>10,.0f} events/s   theirs/ours = {their / ours:.2f}")
    one = rate(n, run, ours_async_single, store, new_events(items[:n]))
    print(f"  ours, async, one at a time    {one:>10,.0f} events/s   (two thread hand-offs per append)")
    conc = rate(4 * n, run, ours_concurrent, store, new_events(items[: 4 * n]), 64)
    print(f"  ours, async, 64 writers       {conc:>10,.0f} events/s   (group commit: they share fsyncs)")
    store.close_sync()
    bare.close()


def batched_appends(store: SQLiteEventStore, theirs: SQLiteApplicationRecorder, items: list[Payload]) -> None:
    ours_b = rate(len(items), ours_batched, store, new_events(items))
    their_b = rate(len(items), theirs_batched, theirs, new_events(items))
    print(f"\nbatched appends, {PAGE} events per append and commit, {len(items):,} events")
    print(f"  ours                          {ours_b:>10,.0f} events/s")
    print(f"  eventsourcing recorder        {their_b:>10,.0f} events/s   theirs/ours = {their_b / ours_b:.2f}")


def decode_ours(store: SQLiteEventStore) -> None:
    for page in ours_pages(store):
        for e in page:
            decode_event(e.type, 1, e.data)


def decode_ours_with_envelope(store: SQLiteEventStore) -> None:
    for page in ours_pages(store):
        for e in page:
            decode_recorded(e)


def decode_theirs(recorder: SQLiteApplicationRecorder) -> None:
    for page in theirs_pages(recorder):
        for topic, state in page:
            decode_event(topic, 1, state)


def count_pages(pages: Iterator[Sequence[object]]) -> int:
    return sum(len(p) for p in pages)


def read_all(store: SQLiteEventStore, theirs: SQLiteApplicationRecorder, rounds: int) -> None:
    total = store.last_position_sync()
    their_total = count_pages(theirs_pages(theirs))
    r: dict[str, list[float]] = {"raw": [], "models": [], "envelope": [], "theirs": []}
    for _ in range(rounds):
        r["raw"].append(rate(total, count_pages, ours_pages(store)))
        r["models"].append(rate(total, decode_ours, store))
        r["envelope"].append(rate(total, decode_ours_with_envelope, store))
        r["theirs"].append(rate(their_total, decode_theirs, theirs))
    raw, models, envelope, their = (statistics.median(r[x]) for x in ("raw", "models", "envelope", "theirs"))
    print(f"\nread all, pages of {PAGE} ({total:,} events; theirs {their_total:,})")
    print(f"  ours, into RecordedEvent      {raw:>10,.0f} events/s")
    print(f"  ours, into contract models    {models:>10,.0f} events/s   (niangjia_contracts.decode_event)")
    print(f"  ours, models + envelope       {envelope:>10,.0f} events/s   (niangjia_contracts.decode_recorded)")
    print(f"  eventsourcing, into models    {their:>10,.0f} events/s   theirs/ours = {their / models:.2f}")


def catch_up(store: SQLiteEventStore, theirs: SQLiteApplicationRecorder, rounds: int) -> None:
    total = store.last_position_sync()
    their_total = count_pages(theirs_pages(theirs))
    ours = statistics.median(rate(total, run, ours_catch_up, store, total) for _ in range(rounds))
    their = statistics.median(rate(their_total, count_pages, theirs_pages(theirs)) for _ in range(rounds))
    print("\nsubscription catch-up from position 0 (into RecordedEvent)")
    print(f"  ours, subscribe()             {ours:>10,.0f} events/s")
    print(f"  eventsourcing, paging         {their:>10,.0f} events/s   theirs/ours = {their / ours:.2f}")
    print("    (eventsourcing's SQLite recorder has no subscribe(); its runners page select_notifications)")


def live_lag(d: Path) -> None:
    lags = sorted(cross_process_lag(d / "lag.db", 100))
    print("\nlive subscriber in another process: append start -> event received (100 appends, 20 ms apart)")
    print(
        f"  median {lags[50] * 1000:.1f} ms, p95 {lags[94] * 1000:.1f} ms, max {lags[-1] * 1000:.1f} ms"
        "   (target: within 100 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events for batched appends and reads")
    parser.add_argument("--single", type=int, default=1_500, help="events per round of single-event appends")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    items = payloads(args.events)
    size = sum(len(p.data) + len(p.metadata) for p in items) / len(items)
    print(f"store benchmark: sqlite {sqlite3.sqlite_version}, events of ~{size:.0f} bytes (data + metadata)")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        single_appends(d, items, min(args.single, args.events), args.rounds)
        store = SQLiteEventStore(d / "ours.db")
        theirs = their_recorder(d / "theirs.db")
        batched_appends(store, theirs, items)
        read_all(store, theirs, args.rounds)
        catch_up(store, theirs, args.rounds)
        store.close_sync()
        live_lag(d)
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
