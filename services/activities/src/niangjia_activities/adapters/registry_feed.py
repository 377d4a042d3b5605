"""The checkpointed subscription that keeps the organiser registry up to date with the store.

It resumes after the registry's checkpoint (no full replay after a restart, and it catches up on
whatever was appended while the service was down), takes every event available at once as one
batch, and writes the batch and the new checkpoint in one transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from niangjia_contracts import EventDecodeError, UnknownEventType, decode_recorded
from niangjia_eventstore import EventStore, RecordedEvent
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from niangjia_activities.adapters.registry import RELEVANT_TYPES, Applied, OrganiserRegistry

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


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


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
        self._batch_size = batch_size
        self._retry_seconds = retry_seconds
        self._on_commit = on_commit
        self._checkpoint = registry.checkpoint()
        self._store_position = self._checkpoint
        self._advanced = asyncio.Condition()
        self._metrics.checkpoint.set(self._checkpoint)
        self._metrics.organisers.set(registry.count())

    @property
    def checkpoint(self) -> int:
        return self._checkpoint

    @property
    def store_position(self) -> int:
        """The store's last position as last seen (by `refresh_lag` or by applying events)."""
        return self._store_position

    # -- waiting ----------------------------------------------------------------------------------

    async def wait_for(self, position: int, within: float) -> bool:
        """Wait until the registry has applied `position`, at most `within` seconds."""
        if self._checkpoint >= position:
            return True
        async with self._advanced:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._advanced.wait_for(lambda: self._checkpoint >= position), within)
        return self._checkpoint >= position

    async def catch_up(self, within: float) -> bool:
        """Wait until the registry has applied everything the store holds now, at most `within` seconds."""
        return await self.wait_for(await self._store.last_position(), within)

    async def refresh_lag(self) -> int:
        """Read the store's last position; returns (and publishes) how far behind the registry is."""
        self._store_position = max(self._store_position, await self._store.last_position())
        lag = max(0, self._store_position - self._checkpoint)
        self._metrics.store_position.set(self._store_position)
        self._metrics.lag_positions.set(lag)
        return lag

    # -- following --------------------------------------------------------------------------------

    async def run(self) -> None:
        while True:
            try:
                await self._follow()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("registry subscription failed; resuming after %s", self._checkpoint)
                await asyncio.sleep(self._retry_seconds)

    async def run_lag_watch(self, interval: float = 1.0) -> None:
        """Refresh the lag gauges every `interval` seconds (for /metrics), until cancelled."""
        while True:
            with contextlib.suppress(Exception):
                await self.refresh_lag()
            await asyncio.sleep(interval)

    async def _follow(self) -> None:
        queue: asyncio.Queue[RecordedEvent | _Failed] = asyncio.Queue(maxsize=self._batch_size * 2)
        pump = asyncio.create_task(self._pump(queue, self._checkpoint))
        try:
            while True:
                batch = [await queue.get()]
                while len(batch) < self._batch_size and not queue.empty():
                    batch.append(queue.get_nowait())
                failed = next((item for item in batch if isinstance(item, _Failed)), None)
                events = [item for item in batch if not isinstance(item, _Failed)]
                if events:
                    await self._apply(events)
                if failed is not None:
                    raise RuntimeError("the store subscription stopped") from failed.error
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump

    async def _pump(self, queue: asyncio.Queue[RecordedEvent | _Failed], after: int) -> None:
        try:
            async for recorded in self._store.subscribe(after=after, page_size=self._batch_size):
                await queue.put(recorded)
            await queue.put(_Failed(RuntimeError("the subscription ended")))
        except asyncio.CancelledError:
            raise
        except Exception as error:
            await queue.put(_Failed(error))

    async def _apply(self, events: list[RecordedEvent]) -> None:
        checkpoint = self._registry.apply(self._decode(recorded) for recorded in events)
        applied = time.monotonic()
        lag = max(0.0, (datetime.now(UTC) - events[-1].recorded_at).total_seconds())
        metrics = self._metrics
        metrics.apply_lag.observe(lag)
        metrics.lag_seconds.set(lag)
        metrics.checkpoint.set(checkpoint)
        if any(recorded.type in RELEVANT_TYPES for recorded in events):
            metrics.organisers.set(self._registry.count())
        self._store_position = max(self._store_position, checkpoint)
        metrics.lag_positions.set(max(0, self._store_position - checkpoint))
        async with self._advanced:
            self._checkpoint = checkpoint
            self._advanced.notify_all()
        if self._on_commit is not None:
            self._on_commit(checkpoint, applied)

    def _decode(self, recorded: RecordedEvent) -> Applied:
        if recorded.type not in RELEVANT_TYPES:
            return Applied(recorded.position)
        try:
            return Applied(recorded.position, decode_recorded(recorded).event)
        except (UnknownEventType, EventDecodeError):
            # A malformed organiser event cannot be fixed by waiting; skip it loudly.
            log.exception("organiser event at position %s does not decode; skipped", recorded.position)
            self._metrics.skipped.inc()
            return Applied(recorded.position)
