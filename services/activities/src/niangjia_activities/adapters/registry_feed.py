"""What keeps the organiser registry up to date with the store: the kit's live projection runner
(`niangjia_kit.projection`) over the registry's one file, with the registry's metrics.

The runner resumes after the registry's checkpoint (no full replay after a restart, and it catches
up on whatever was appended while the service was down), reads every event available at once as one
page, and writes the page and the new checkpoint in one transaction. An organiser event that does not
decode cannot be fixed by waiting: it is skipped, loudly. A failure to apply or to read is retried
after `retry_seconds`, from the checkpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from niangjia_contracts import EVENT_TYPES, decode_event
from niangjia_eventstore import EventStore, RecordedEvent
from niangjia_kit.projection import DecodeFailed, Decoder, Item, ProjectionRunner, Recorded
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from niangjia_activities.adapters.registry import RELEVANT_TYPES, OrganiserRegistry

log = logging.getLogger("niangjia.activities.registry")

_LAG_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 30.0)


class RegistryMetrics:
    """The registry's gauges, in the service's metrics registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.checkpoint = Gauge(
            "niangjia_registry_checkpoint", "Global position the organiser registry has applied", registry=registry
        )
        self.store_position = Gauge(
            "niangjia_registry_store_position", "The store's last global position, as last seen", registry=registry
        )
        self.lag_positions = Gauge(
            "niangjia_registry_lag_positions",
            "Store positions not yet applied to the organiser registry (0 when caught up)",
            registry=registry,
        )
        self.lag_seconds = Gauge(
            "niangjia_registry_lag_seconds",
            "Time from the newest applied event's recording to its application in the registry",
            registry=registry,
        )
        self.apply_lag = Histogram(
            "niangjia_registry_apply_lag_seconds",
            "Time from an event's recording to its batch's application in the registry",
            buckets=_LAG_BUCKETS,
            registry=registry,
        )
        self.organisers = Gauge("niangjia_registry_organisers", "Organisers in the registry", registry=registry)
        self.skipped = Counter(
            "niangjia_registry_undecodable_events", "Organiser events the registry could not decode", registry=registry
        )


class _SkippingDecoder(Decoder):
    """The contracts' decoder, except that an event that does not decode becomes one without a
    payload (the registry passes it) and is counted."""

    def __init__(self, metrics: RegistryMetrics) -> None:
        super().__init__(decode_event, frozenset(EVENT_TYPES))
        self._metrics = metrics

    def __call__(self, recorded: Recorded) -> Item:
        try:
            return super().__call__(recorded)
        except DecodeFailed:
            log.exception("organiser event at position %s does not decode; skipped", recorded.position)
            self._metrics.skipped.inc()
            return Item(recorded, {}, None, recorded.recorded_us)


class RegistryFeed:
    """Follows the store into the registry. `run()` runs until cancelled, resuming after errors."""

    def __init__(
        self,
        store: EventStore,
        registry: OrganiserRegistry,
        *,
        metrics: RegistryMetrics | None = None,
        batch_size: int = 500,
        retry_seconds: float = 1.0,
        on_commit: Callable[[int, float], None] | None = None,
    ) -> None:
        self._store = store
        self._registry = registry
        self._metrics = metrics or RegistryMetrics()
        self._retry_seconds = retry_seconds
        self._on_commit = on_commit
        self._runner = ProjectionRunner(
            store,
            registry,
            [registry.projection],
            _SkippingDecoder(self._metrics),
            batch_size=batch_size,
            on_page=self._applied,
        )
        self._runner.open()
        self._runner.store_position = registry.checkpoint()
        self._metrics.checkpoint.set(registry.checkpoint())
        self._metrics.organisers.set(registry.count())

    @property
    def checkpoint(self) -> int:
        return self._registry.checkpoint()

    @property
    def store_position(self) -> int:
        """The store's last position as last seen (by `refresh_lag` or by applying events)."""
        return self._runner.store_position

    # -- waiting ----------------------------------------------------------------------------------

    async def wait_for(self, position: int, within: float) -> bool:
        """Wait until the registry has applied `position`, at most `within` seconds."""
        return await self._runner.wait_until(lambda: self.checkpoint >= position, within)

    async def catch_up(self, within: float) -> bool:
        """Wait until the registry has applied everything the store holds now, at most `within` seconds."""
        return await self.wait_for(await self._store.last_position(), within)

    async def refresh_lag(self) -> int:
        """Read the store's last position; returns (and publishes) how far behind the registry is."""
        position = max(self._runner.store_position, await self._store.last_position())
        self._runner.store_position = position
        lag = max(0, position - self.checkpoint)
        self._metrics.store_position.set(position)
        self._metrics.lag_positions.set(lag)
        return lag

    # -- following --------------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            try:
                await self._runner.run()  # returns when the registry stopped on a failure (logged)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("registry subscription failed; resuming after %s", self.checkpoint)
            await asyncio.sleep(self._retry_seconds)
            self._runner.resume()

    async def run_lag_watch(self, interval: float = 1.0) -> None:
        """Refresh the lag gauges every `interval` seconds (for /metrics), until cancelled."""
        while True:
            with contextlib.suppress(Exception):
                await self.refresh_lag()
            await asyncio.sleep(interval)

    def _applied(self, events: Sequence[RecordedEvent]) -> None:
        """After the runner has applied a page: the metrics, and `on_commit(checkpoint, when)`."""
        applied = time.monotonic()
        checkpoint = self.checkpoint
        lag = max(0.0, (datetime.now(UTC) - events[-1].recorded_at).total_seconds())
        metrics = self._metrics
        metrics.apply_lag.observe(lag)
        metrics.lag_seconds.set(lag)
        metrics.checkpoint.set(checkpoint)
        if any(recorded.type in RELEVANT_TYPES for recorded in events):
            metrics.organisers.set(self._registry.count())
        metrics.lag_positions.set(max(0, self._runner.store_position - checkpoint))
        if self._on_commit is not None:
            self._on_commit(checkpoint, applied)
