"""A store put back to an older copy, over the real nats-server: the relay and the writers refuse
it (`store_regressed`) until the documented restore; after `niangjia restore` the relay reconciles
its stream, reports the events the store no longer has and publishes every event of the store."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from niangjia_eventstore import SQLiteEventStore, StoreRegressed, StreamState

from niangjia.backup import backup_sqlite_store, restore_sqlite_store
from tests.integration.relay.conftest import RelayRig, consume_all, rigged, store_ids
from tests.support.nats import NatsServer, event_batch
from tests.support.nats import nats_server as nats_server  # the fixture
from tests.support.processes import ServiceProcess, start_service


@pytest.fixture
def rig(tmp_path: Path, nats_server: NatsServer) -> Iterator[RelayRig]:
    data = tmp_path / "data"
    data.mkdir()
    with rigged(tmp_path, nats_server, data / "events.db") as made:
        yield made


def _append(store_path: Path, count: int, prefix: str) -> None:
    store = SQLiteEventStore(store_path, synchronous="NORMAL")
    try:
        for stream_id, events in event_batch(count, per_stream=5, prefix=prefix):
            store.append_sync(stream_id, events, StreamState.NO_STREAM)
    finally:
        store.close_sync()


def _wait_health(
    rig: RelayRig, relay: ServiceProcess, key: str, value: object, timeout: float = 30.0
) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    body: dict[str, object] = {}
    while time.monotonic() < deadline:
        body = rig.health(relay)
        if body.get(key) == value:
            return body
        time.sleep(0.1)
    raise AssertionError(f"relay health never had {key}={value!r}: {body}\n{relay.log()[-3000:]}")


def _copy_over(older: Path, store_path: Path) -> None:
    """An older copy of the file put in place by hand (the tail record beside it stays)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store_path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(older, store_path)


def test_an_older_copy_is_refused_and_the_restore_procedure_reconciles_the_stream(rig: RelayRig) -> None:
    data = rig.store_path.parent
    _append(rig.store_path, 30, "a")
    relay = rig.start_relay()
    rig.wait_caught_up(relay, 30)
    backup = backup_sqlite_store(rig.store_path, rig.tmp / "backup")
    assert backup.last_position == 30
    _append(rig.store_path, 10, "b")
    rig.wait_caught_up(relay, 40)
    lost = store_ids(rig.store_path)[30:]
    relay.stop()
    assert json.loads((data / "relay-position.json").read_text())["position"] == 40

    # an older copy put back by hand: the relay and every writer refuse it
    _copy_over(rig.tmp / "backup" / "events.db", rig.store_path)
    relay = start_service("relay", env=rig.env, log_dir=rig.tmp, health_path="/metrics")  # /health says 503
    rig.relays.append(relay)
    body = _wait_health(rig, relay, "status", "store_regressed")
    assert "position 40" in str(body["blocked"])
    writer = SQLiteEventStore(rig.store_path)
    try:
        with pytest.raises(StoreRegressed):
            writer.append_sync("federation-new", event_batch(1, prefix="n")[0][1], StreamState.NO_STREAM)
    finally:
        writer.close_sync()
    relay.stop()

    # the documented procedure: restore (consumers reset, the relay asked to reconcile), then start
    restored = restore_sqlite_store(rig.tmp / "backup", data, replace=True)
    assert restored.last_position == 30
    _append(rig.store_path, 5, "c")
    relay = rig.start_relay()
    rig.wait_caught_up(relay, 35)
    body = rig.health(relay)
    assert body["status"] == "ok", body
    reconciled = body["reconciled"]
    assert isinstance(reconciled, dict) and reconciled["no_longer_in_store"] == 10
    report = json.loads(Path(str(reconciled["report_file"])).read_text())
    assert [entry["msg_id"] for entry in report["no_longer_in_store"]] == lost
    assert not (data / "relay-reconcile.json").exists()

    received = consume_all(rig.nats.url, 45, rig.integrator_seed())
    ids = [msg_id for msg_id, _ in received]
    in_store = store_ids(rig.store_path)
    assert len(in_store) == 35
    assert set(in_store) <= set(ids)  # every event of the store reached the integrator
    assert [i for i in ids if i not in in_store] == lost  # and the others are exactly those reported
    assert len(ids) == len(set(ids)) == 45
