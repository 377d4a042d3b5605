"""`niangjia up` keeps its data folder to its owner: after a start with the demo data (the event
store with its -wal/-shm, read models, ledger, logs, keys, broker credentials, the NATS store),
nothing in it carries a group or other permission bit, what an earlier run left open included; and
every process of the stack runs with the umask 0o077, so what it writes later is private too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from niangjia_kit.private import open_paths

from tests.e2e.up.stack import demo_running

pytestmark = pytest.mark.e2e


def umask(pid: int) -> int:
    """The umask a process runs with (what it creates later is created under it)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Umask:"):
            return int(line.split()[1], 8)
    raise AssertionError(f"no Umask in /proc/{pid}/status")


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
            processes = [stack.process.pid, *stack.children()]
            assert len(processes) >= 6  # up, NATS, orgs, activities, projections, relay
            assert {pid: umask(pid) for pid in processes} == dict.fromkeys(processes, 0o077)
    finally:
        os.umask(before)
