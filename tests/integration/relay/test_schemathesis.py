"""Property-based requests generated from the relay's /openapi.json, with every check."""

from __future__ import annotations

from pathlib import Path

from tests.integration.relay.conftest import RelayRig
from tests.support.schemathesis import assert_conformant


def test_every_generated_request_gets_a_documented_answer(rig: RelayRig, tmp_path: Path) -> None:
    relay = rig.start_relay()
    try:
        assert_conformant(relay.url, None, 20241202, tmp_path)
    finally:
        relay.stop()
