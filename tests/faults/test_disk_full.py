"""`niangjia up` on a data folder whose filesystem fills up (a tmpfs the test mounts): commands are
refused with 503 `disk_full` and write nothing, every /health says so; once space returns, everything
resumes within 10 s without a restart of the services (NATS, whose JetStream stopped, is restarted by
`up`), every acknowledged command is stored once, the read models equal a rebuild and every event is
published once."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.deploy.read_models import dump
from tests.e2e.up.stack import Stack, start_up
from tests.faults.filesystem import Filler, small_filesystem
from tests.faults.stack import (
    SERVICES,
    Recorder,
    health,
    published_event_ids,
    rebuilt_read_models,
    stored_event_ids,
    wait_until_healthy,
    without_checkpoint_counters,
)

pytestmark = pytest.mark.e2e

READY = re.compile(r"all services are up")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    with small_filesystem(tmp_path / "data", size_mib=64) as data:
        running = start_up(data, "--no-demo")
        try:
            running.wait_for(READY, timeout=120)
            yield running
        finally:
            running.kill()


def _service_pids(stack: Stack) -> dict[str, int]:
    pids = {}
    for pid in stack.children():
        cmdline = Path(f"/proc/{pid}/cmdline").read_text()
        for name in SERVICES:
            if f"niangjia-{name}" in cmdline:
                pids[name] = pid
    return pids


def test_a_full_disk_is_refused_with_its_code_and_everything_resumes_when_space_returns(
    stack: Stack, tmp_path: Path
) -> None:
    recorder = Recorder(stack)
    for _ in range(20):
        assert recorder.send().status_code == 201
    wait_until_healthy(stack, within=30)
    pids = _service_pids(stack)
    assert len(pids) == 4

    filler = Filler(stack.data_dir)
    for name in ("projections", "relay"):  # paused, so that they meet the full disk with work to do
        os.kill(pids[name], signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(8) as pool:
            burst = [pool.submit(recorder.send) for _ in range(100)]
            assert {b.result().status_code for b in burst} == {201}
        filler.fill()
        refused: httpx.Response | None = None
        refused_key = ""
        for _ in range(2000):  # the WAL may take a few commands in pages it already holds
            refused_key = f"refused-{recorder.sent}"
            answer = recorder.send(refused_key)
            if answer.status_code != 201:
                refused = answer
                break
    finally:
        for name in ("projections", "relay"):
            os.kill(pids[name], signal.SIGCONT)
    assert refused is not None, "the full disk never refused a command"
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "disk_full"
    assert int(refused.headers["Retry-After"]) > 0
    chinese = recorder.send(f"zh-{recorder.sent}")
    assert chinese.status_code == 503
    orgs = health(stack, "orgs")
    assert orgs.status_code == 503 and orgs.json()["store_fault"] == "disk_full", orgs.text
    assert health(stack, "activities").status_code == 503
    seen: set[str] = set()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(seen) < 2:  # the others meet the full disk too
        for name in ("projections", "relay"):
            answer = health(stack, name)
            if answer.status_code == 503:
                seen.add(f"{name}: {answer.json()['status']}")
        time.sleep(0.2)
    assert seen == {"projections: degraded", "relay: cannot_publish"}, seen

    filler.free()
    seconds = wait_until_healthy(stack, within=10)
    print(f"resumed {seconds:.1f}s after space returned")
    again = recorder.send(refused_key)  # the refused command, retried: written now, once
    assert again.status_code == 201, again.text
    for _ in range(10):
        assert recorder.send().status_code == 201
    wait_until_healthy(stack, within=10)
    assert _service_pids(stack) == pids  # healed, not restarted

    events = stack.data_dir / "events.db"
    ids, per_stream = stored_event_ids(events)
    assert len(ids) == len(set(ids))
    federations = {f"federation-{fid}" for fid in recorder.acknowledged.values()}
    assert federations <= set(per_stream)
    assert all(per_stream[stream] == 1 for stream in federations)  # each founding stored once
    assert len(per_stream) == len(recorder.acknowledged)
    assert published_event_ids(stack) == ids  # every event once, in order
    live = without_checkpoint_counters(dump(stack.data_dir / "read-models"))
    assert live == rebuilt_read_models(events, tmp_path / "rebuilt")
