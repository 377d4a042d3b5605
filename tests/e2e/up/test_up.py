"""`niangjia up` as a user runs it: everything up with the demo data, the reports' figures, a crash
restarted, Ctrl-C stopping every child in time."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import stat
import subprocess
import time
from pathlib import Path

import httpx
import nats
import pytest
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeoutError

from niangjia.client import Api
from niangjia.demo.figures import measure
from tests.e2e.up.stack import BOUNDARY, NIANGJIA, Stack, alive

pytestmark = pytest.mark.e2e


def test_every_service_answers_health_and_the_token_is_private(demo_stack: Stack) -> None:
    ports = demo_stack.ports
    for port in (ports.orgs, ports.activities, ports.projections, ports.relay):
        assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200
    assert stat.S_IMODE((demo_stack.data_dir / "admin.token").stat().st_mode) == 0o600
    assert f"http://127.0.0.1:{ports.projections}/#token={demo_stack.token}" in demo_stack.output


def test_nats_takes_only_credentials_and_an_integrator_created_by_the_cli_reads_every_event(
    demo_stack: Stack,
) -> None:
    relay_key = demo_stack.data_dir / "broker" / "relay.nk"
    assert stat.S_IMODE(relay_key.stat().st_mode) == 0o600
    env = {**os.environ, "NIANGJIA_LANG": "en", "COLUMNS": "200"}
    argv = [NIANGJIA, "tokens", "create", "--role", "integrator", "--subject", "e2e", "--json"]
    created = subprocess.run(
        [*argv, "--data-dir", str(demo_stack.data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert created.returncode == 0, created.stdout + created.stderr
    key = Path(json.loads(created.stdout)["nats_nkey_file"])
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "NATS has read its users again" in created.stderr
    url = f"nats://127.0.0.1:{demo_stack.ports.nats}"
    position = httpx.get(f"{demo_stack.urls.orgs}/health", timeout=5).json()["store_position"]

    async def scenario() -> int:
        with pytest.raises(NatsError, match="Authorization Violation"):
            await nats.connect(url, allow_reconnect=False, max_reconnect_attempts=0)
        nc = await nats.connect(url, nkeys_seed=str(key))
        try:
            js = nc.jetstream()
            with pytest.raises(NatsTimeoutError):
                await js.publish("niangjia.orgs.FederationDissolved", b"{}", timeout=1.0)
            deadline = time.monotonic() + 60
            while (await js.stream_info("NIANGJIA_EVENTS")).state.messages < position:
                assert time.monotonic() < deadline, "the relay did not publish everything"
                await asyncio.sleep(0.2)
            sub = await js.pull_subscribe("niangjia.>", durable="e2e", stream="NIANGJIA_EVENTS")
            seen = 0
            while seen < position:
                for message in await sub.fetch(500, timeout=5.0):
                    await message.ack()
                    assert message.subject.startswith("niangjia.") and message.subject.count(".") == 2
                    seen += 1
            # `up` runs the ledger, and the relay publishes what it signs to the ledger's stream
            while (await js.stream_info("NIANGJIA_LEDGER")).state.messages == 0:
                assert time.monotonic() < deadline, "no checkpoint on NATS"
                await asyncio.sleep(0.2)
            checkpoint = await js.get_last_msg("NIANGJIA_LEDGER", "niangjia-ledger.Checkpoint")
            assert json.loads(checkpoint.data or b"")["tree_size"] > 0
            return seen
        finally:
            await nc.close()

    assert asyncio.run(scenario()) == position


def test_the_demo_reproduces_every_figure_of_the_reports(demo_stack: Stack) -> None:
    with Api(demo_stack.urls, demo_stack.token) as api:
        figures = measure(api)
    wrong = [f"{f.place} {f.label[1]}: expected {f.expected}, got {f.actual}" for f in figures if not f.ok]
    assert not wrong, "\n".join(wrong)
    assert len(figures) >= 29


def test_the_late_entries_are_absent_from_the_report_known_before_them(demo_stack: Stack) -> None:
    boundary = demo_stack.wait_for(BOUNDARY, timeout=5).group(1)
    with Api(demo_stack.urls, demo_stack.token) as api:
        now = api.get("projections", "/campaigns/2024", {"region": "重庆市/永川区"})
        then = api.get("projections", "/campaigns/2024", {"region": "重庆市/永川区", "known_at": boundary})
    assert now["total"]["activities"] == 22
    assert then["total"]["activities"] == 22 - 2 + 1  # two late entries missing, the duplicate not yet retracted
    assert then["total"]["goods_value_yuan"] != now["total"]["goods_value_yuan"]


def test_niangjia_demo_again_records_nothing_new_and_checks_the_figures(demo_stack: Stack) -> None:
    health = f"{demo_stack.urls.orgs}/health"
    before = httpx.get(health, timeout=5).json()["store_position"]
    env = {**os.environ, "NIANGJIA_BASE_PORT": str(demo_stack.ports.base), "NIANGJIA_LANG": "en", "COLUMNS": "200"}
    run = subprocess.run(
        [NIANGJIA, "demo", "--data-dir", str(demo_stack.data_dir)], env=env, capture_output=True, text=True, timeout=180
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 new, 868 already there" in run.stdout
    assert httpx.get(health, timeout=5).json()["store_position"] == before


def test_a_crashed_service_is_restarted_and_reported(demo_stack: Stack) -> None:
    url = f"{demo_stack.urls.activities}/health"
    victim = next(
        pid for pid in demo_stack.children() if "niangjia-activities" in Path(f"/proc/{pid}/cmdline").read_text()
    )
    os.kill(victim, signal.SIGKILL)
    demo_stack.wait_for(re.compile(r"activities restarted"), timeout=30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    else:
        pytest.fail("activities did not come back")
    assert "activities exited unexpectedly" in demo_stack.output


def test_ctrl_c_stops_every_child_within_ten_seconds(demo_stack: Stack) -> None:
    children = demo_stack.children()
    assert len(children) == 5  # nats, orgs, activities, projections, relay
    seconds = demo_stack.interrupt(timeout=15)
    assert seconds < 10, seconds
    assert demo_stack.process.returncode == 0
    assert [pid for pid in children if alive(pid)] == []
    assert "all stopped" in demo_stack.output
