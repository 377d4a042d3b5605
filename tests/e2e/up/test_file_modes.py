"""`niangjia up` keeps its data folder to its owner: after a start with the demo data (the event
store with its -wal/-shm, read models, ledger, logs, keys, broker credentials, the NATS store),
nothing in it carries a group or other permission bit, what an earlier run left open included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from niangjia_kit.private import open_paths

from tests.e2e.up.stack import demo_running

pytestmark = pytest.mark.e2e


def test_everything_in_the_data_folder_is_its_owners_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    old_log = data / "logs" / "orgs.log"
    old_log.write_text("a log an earlier version left readable to all\n")
    for path, mode in ((data, 0o755), (data / "logs", 0o755), (old_log, 0o644)):
        path.chmod(mode)
    before = os.umask(0o022)  # a usual login umask: `up` must not rely on the caller's
    try:
        with demo_running(data) as stack:
            names = {p.name for p in data.rglob("*")}
            assert {"events.db", "logs", "nats", "broker", "admin.token", "tokens.json"} <= names, sorted(names)
            assert any(name.endswith("-wal") for name in names), sorted(names)
            assert any(p.suffix == ".db" for p in (data / "read-models").iterdir())
            assert open_paths(data) == [], stack.output
    finally:
        os.umask(before)
