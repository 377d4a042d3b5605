"""Build the relay's process: the relay itself and its small HTTP app (/health, /metrics)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from niangjia_eventstore import EventStore
from niangjia_kit.http import create_service_app
from prometheus_client import Counter, Gauge

from niangjia_relay.broker import build_broker
from niangjia_relay.checkpoints import CheckpointSource
from niangjia_relay.relay import Relay, StreamConfigMismatch, lag
from niangjia_relay.settings import RelaySettings
from niangjia_relay.status import cannot_publish

log = logging.getLogger("niangjia.relay")

LAG_REFRESH = 1.0


class RelayMetrics:
    """The relay's figures, in the app's Prometheus registry."""

    def __init__(self, app: FastAPI) -> None:
        registry = app.state.metrics.registry
        self.published = Counter("niangjia_relay_published", "Events stored in JetStream", registry=registry)
        self.duplicates = Counter(
            "niangjia_relay_duplicates", "Publishes JetStream dropped as duplicates", registry=registry
        )
        self.resyncs = Counter("niangjia_relay_resyncs", "Times the relay re-read its place", registry=registry)
        self.acked = Gauge("niangjia_relay_last_acked_position", "Store position acknowledged", registry=registry)
        self.lag = Gauge("niangjia_relay_lag", "Store positions not yet acknowledged", registry=registry)
        self.connected = Gauge("niangjia_relay_nats_connected", "1 while connected to NATS", registry=registry)
        self.foreign = Counter(
            "niangjia_relay_foreign_messages",
            "Messages found in the stream that are not events of the store (published by something else)",
            registry=registry,
        )
        self.last_foreign = Gauge(
            "niangjia_relay_last_foreign_sequence", "Stream sequence of the newest foreign message", registry=registry
        )
        self.checkpoints = Counter(
            "niangjia_relay_checkpoints_published",
            "The ledger's checkpoints this relay stored in the ledger's stream",
            registry=registry,
        )
        self.checkpoint_size = Gauge(
            "niangjia_relay_checkpoint_tree_size",
            "Tree size of the last checkpoint in the ledger's stream, as this relay knows it",
            registry=registry,
        )
        self.checkpoints_failing = Gauge(
            "niangjia_relay_checkpoints_failing",
            "1 while publishing the ledger's checkpoints fails (see ledger.last_error in /health)",
            registry=registry,
        )
        self._seen = (0, 0, 0, 0)
        self._checkpoints_seen = 0

    def update(self, relay: Relay, lag_positions: int) -> None:
        if relay.ledger is not None:
            ledger = relay.ledger.status
            self.checkpoints.inc(ledger.published - self._checkpoints_seen)
            self._checkpoints_seen = ledger.published
            if ledger.last_tree_size is not None:
                self.checkpoint_size.set(ledger.last_tree_size)
            self.checkpoints_failing.set(0 if ledger.last_error is None else 1)
        status = relay.status
        published, duplicates, resyncs, foreign = self._seen
        self.published.inc(status.published - published)
        self.duplicates.inc(status.duplicates - duplicates)
        self.resyncs.inc(status.resyncs - resyncs)
        self.foreign.inc(status.foreign_messages - foreign)
        self._seen = (status.published, status.duplicates, status.resyncs, status.foreign_messages)
        if status.last_foreign is not None:
            self.last_foreign.set(float(str(status.last_foreign["stream_sequence"])))
        self.acked.set(status.checkpoint)
        self.lag.set(lag_positions)
        self.connected.set(1 if relay.connected else 0)


def build_app(
    settings: RelaySettings,
    *,
    store: EventStore | None = None,
    on_fatal: Callable[[BaseException], None] | None = None,
) -> FastAPI:
    """The relay's app: its lifespan runs the relay; `on_fatal` hears of a stream it must not use."""
    tasks: list[asyncio.Task[None]] = []

    async def on_start(app: FastAPI) -> None:
        checkpoints = CheckpointSource(settings.ledger_path)
        app.state.checkpoints = checkpoints
        relay = Relay(app.state.store, build_broker(settings), settings, checkpoints)
        metrics = RelayMetrics(app)
        app.state.relay = relay
        app.state.relay_metrics = metrics

        async def run() -> None:
            try:
                await relay.run()
            except StreamConfigMismatch as error:
                log.error("%s", error)
                relay.status.blocked = str(error)
                if on_fatal is not None:
                    on_fatal(error)

        async def refresh() -> None:
            while True:
                with contextlib.suppress(Exception):
                    behind = await lag(app.state.store, relay.status)
                    if behind == 0:  # caught up: anything new in the stream should be ours or another relay's
                        await relay.look_for_foreign()
                    metrics.update(relay, behind)
                await asyncio.sleep(LAG_REFRESH)

        tasks.extend([asyncio.create_task(run(), name="relay"), asyncio.create_task(refresh(), name="relay-lag")])

    async def on_stop(app: FastAPI) -> None:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        relay: Relay | None = getattr(app.state, "relay", None)
        if relay is not None:
            await relay.stop()
        checkpoints: CheckpointSource | None = getattr(app.state, "checkpoints", None)
        if checkpoints is not None:
            checkpoints.close()

    async def health(app: FastAPI) -> dict[str, Any]:
        relay: Relay = app.state.relay
        status = relay.status
        behind = await lag(app.state.store, status)
        app.state.relay_metrics.update(relay, behind)
        body: dict[str, Any] = {
            "nats_connected": relay.connected,
            "stream": status.stream,
            "last_acked_position": status.checkpoint,
            "lag": behind,
            "published": status.published,
            "duplicates": status.duplicates,
            "stream_sequence": status.stream_sequence,
            "last_error": status.last_error,
            "last_error_at": status.last_error_at,  # the last error stays after publishing resumes
            # messages in the stream that are not the store's events: reported, stepped over, never
            # a reason to stop (the relay publishes on after them)
            "foreign_messages": status.foreign_messages,
            "last_foreign": status.last_foreign,
        }
        if relay.ledger is not None:  # the ledger's checkpoints, in their own stream (checkpoints.py)
            ledger = relay.ledger.status
            body["ledger"] = {
                "stream": relay.ledger.stream,
                "checkpoints_published": ledger.published,
                "duplicates": ledger.duplicates,
                "last_tree_size": ledger.last_tree_size,
                "stream_sequence": ledger.stream_sequence,
                "last_error": ledger.last_error,
            }
        if status.reconciled is not None:
            body["reconciled"] = status.reconciled
        if status.blocked is not None:
            body.update(status=status.blocked_code or "blocked", blocked=status.blocked)
        elif (reason := cannot_publish(status, relay.connected, behind)) is not None:
            body.update(status="cannot_publish", reason=reason)
        return body

    return create_service_app(
        service="relay",
        title="niangjia relay",
        settings=settings,
        routers=[],
        store=store,
        on_start=on_start,
        on_stop=on_stop,
        health=health,
    )
