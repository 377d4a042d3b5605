"""A backup taken while commands are being written holds every command acknowledged before it, and
the read models rebuilt from the restored store are the ones the original store had at that point."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from niangjia_eventstore import SQLiteEventStore
from niangjia_kit.projection import ModelFiles
from niangjia_projections.rebuild.read_models import rebuild_models

from niangjia.backup import backup_sqlite_store, restore_sqlite_store, verify_backup
from tests.e2e.deploy.commands import REGION, federation
from tests.e2e.deploy.read_models import UpTo, dump, row_count
from tests.support.processes import issue_token, sqlite_env, start_service

pytestmark = pytest.mark.e2e


class Writer(threading.Thread):
    """Founds federations one after another and keeps every acknowledgement (201 body), in order."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.url, self.token = url, token
        self.acknowledged: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.progress = threading.Condition(self.lock)

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.url, headers=headers, timeout=30) as client:
            n = 0
            while not self.stopping.is_set():
                n += 1
                response = client.post("/federations", json=federation(n))
                with self.progress:
                    if response.status_code == 201:
                        self.acknowledged.append(response.json())
                    else:
                        self.errors.append(f"{response.status_code} {response.text}")
                    self.progress.notify_all()

    def wait_for(self, count: int) -> list[dict[str, Any]]:
        """A copy of the acknowledgements once there are at least `count` of them."""
        with self.progress:
            assert self.progress.wait_for(lambda: len(self.acknowledged) >= count or bool(self.errors), timeout=120)
            assert not self.errors, self.errors
            return list(self.acknowledged)


def test_backup_under_writes_restores_every_acknowledged_command_and_the_same_read_models(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store_db = data / "events.db"
    token = issue_token(data / "tokens.json", "recorder", "recorder", REGION)
    orgs = start_service("orgs", env=sqlite_env(data, store_db), log_dir=tmp_path)
    writer = Writer(orgs.url, token)
    try:
        writer.start()
        before = writer.wait_for(40)
        info = backup_sqlite_store(store_db, tmp_path / "backup")
        after = writer.wait_for(len(before) + 15)  # the writes went on after the backup
    finally:
        writer.stopping.set()
        writer.join(60)
        orgs.stop()
    assert not writer.errors, writer.errors
    assert verify_backup(tmp_path / "backup") == info

    restored = restore_sqlite_store(tmp_path / "backup", tmp_path / "restored")
    assert restored.store == tmp_path / "restored" / "events.db"
    assert (restored.events, restored.last_position) == (info.events, info.last_position)

    async def compare() -> None:
        original = SQLiteEventStore(store_db)
        copy = SQLiteEventStore(restored.store)
        try:
            events = await copy.read_all(0, 1_000_000)
            ids = {str(e.event_id) for e in events}
            assert len(events) == info.events
            assert max(e.position for e in events) == info.last_position
            for ack in before:  # every command acknowledged before the backup began
                assert set(ack["event_ids"]) <= ids, ack
            for ack in after:  # and exactly those up to the snapshot's position, no later one
                assert (set(ack["event_ids"]) <= ids) == (ack["position"] <= info.last_position), ack
            assert await original.last_position() > info.last_position

            await rebuild_models(UpTo(original, info.last_position), ModelFiles(tmp_path / "models-original"))
            await rebuild_models(copy, ModelFiles(tmp_path / "models-restored"))
        finally:
            await original.close()
            await copy.close()

    asyncio.run(compare())
    original_models = dump(tmp_path / "models-original")
    assert row_count(original_models) >= len(before)
    assert dump(tmp_path / "models-restored") == original_models
