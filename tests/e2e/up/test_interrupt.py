"""Ctrl-C loses nothing: every command the services acknowledged is there after a restart."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.up.stack import DASHBOARD, alive, start_up

pytestmark = pytest.mark.e2e


def _found(client: httpx.Client, url: str, token: str, n: int) -> str | None:
    ident = f"ctrl-c-{n:05d}"
    body = {
        "federation_id": ident,
        "name": f"中断测试妇联{n}",
        "kind": "federation",
        "domain": "non_public_enterprise",
        "level": "village",
        "region": "江苏省/常州市/武进区/湖塘镇",
        "host_organisation": f"中断测试企业{n}",
        "founded_on": "2024-05-01",
        "women_members": 10,
    }
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"ctrl-c-{n}"}
    try:
        response = client.post(f"{url}/federations", json=body, headers=headers, timeout=5)
    except httpx.HTTPError:
        return None
    return ident if response.status_code == 201 else None


def test_interrupting_while_commands_arrive_loses_no_acknowledged_event(tmp_path: Path) -> None:
    data = tmp_path / "data"
    stack = start_up(data, "--no-demo")
    acknowledged: list[str] = []
    stop = threading.Event()
    try:
        stack.wait_for(DASHBOARD, timeout=120)
        token, orgs = stack.token, stack.urls.orgs

        def send(worker: int) -> None:
            with httpx.Client() as client:
                n = worker
                while not stop.is_set():
                    ident = _found(client, orgs, token, n)
                    if ident is not None:
                        acknowledged.append(ident)
                    n += 4

        senders = [threading.Thread(target=send, args=(w,)) for w in range(4)]
        for sender in senders:
            sender.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        children = stack.children()
        seconds = stack.interrupt(timeout=15)  # while the senders are still sending
        stop.set()
        for sender in senders:
            sender.join(10)
        assert seconds < 10
        assert [pid for pid in children if alive(pid)] == []
    finally:
        stop.set()
        stack.kill()
    assert len(acknowledged) >= 40

    again = start_up(data, "--no-demo")
    try:
        again.wait_for(DASHBOARD, timeout=120)
        assert "created an admin token" not in again.output  # the same token file, the same data
        with httpx.Client(headers={"Authorization": f"Bearer {again.token}"}) as client:
            missing = [
                ident
                for ident in acknowledged
                if client.get(f"{again.urls.orgs}/federations/{ident}", timeout=5).status_code != 200
            ]
        assert missing == []
    finally:
        again.kill()
