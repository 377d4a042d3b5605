"""A publish NATS refuses for want of permission gets no answer: the relay only sees a timeout.
The connection's error callback is where the reason arrives, so it goes to the log as an error."""

from __future__ import annotations

import asyncio
import logging

import pytest
from niangjia_relay.broker import _on_error


def test_a_permissions_violation_is_logged_as_an_error_with_what_to_do(caplog: pytest.LogCaptureFixture) -> None:
    refused = Exception('nats: permissions violation for publish to "niangjia-ledger.checkpoint"')
    with caplog.at_level(logging.DEBUG, logger="niangjia.relay.nats"):
        asyncio.run(_on_error(refused))
        asyncio.run(_on_error(Exception("nats: connection closed")))
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "niangjia-ledger.checkpoint" in errors[0].getMessage() and "broker init" in errors[0].getMessage()
