"""The store's integrity check on a schedule: every stored event read back and compared with its
checksum (`EventStore.check_integrity`), the store's own tail record consulted. The outcome goes to
the service's health, its log and its metrics; a failure names the code (`event_corrupted`,
`store_regressed`) and the position."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from typing import Any

from niangjia_eventstore import EventCorrupted, EventStore, StoreRegressed
from prometheus_client import CollectorRegistry, Gauge

log = logging.getLogger("niangjia.integrity")


class IntegrityWatch:
    """Runs the integrity check every `interval` seconds (the first at once) until cancelled, working
    `share` of the time while it runs (see `EventStore.check_integrity`)."""

    def __init__(
        self, store: EventStore, interval: float, registry: CollectorRegistry | None = None, *, share: float = 1.0
    ) -> None:
        self.store = store
        self.interval = interval
        self.share = share
        self.fault: StoreRegressed | EventCorrupted | None = None
        self._last: dict[str, Any] = {"status": "pending"}
        self._ok = Gauge("niangjia_store_integrity_ok", "1 when the last integrity check passed", registry=registry)
        self._events = Gauge(
            "niangjia_store_integrity_checked_events", "Events the last integrity check read", registry=registry
        )
        self._at = Gauge(
            "niangjia_store_integrity_last_check_timestamp_seconds", "When the last check ended", registry=registry
        )

    def status(self) -> dict[str, Any]:
        return dict(self._last)

    async def check(self) -> dict[str, Any]:
        started = time.monotonic()
        at = datetime.now(UTC).isoformat()
        try:
            count = await self.store.check_integrity(share=self.share)
        except (StoreRegressed, EventCorrupted) as fault:
            self.fault = fault
            self._last = {"status": fault.code, "position": fault.position, "message": str(fault), "at": at}
            self._ok.set(0)
            log.error("integrity check failed: %s", fault, extra={"code": fault.code, "position": fault.position})
        except Exception as error:  # the store cannot be read now: not a verdict on its contents
            self._last = {"status": "unavailable", "message": str(error), "at": at}
            log.warning("integrity check could not run: %s", error)
        else:
            self.fault = None
            seconds = round(time.monotonic() - started, 3)
            self._last = {"status": "ok", "events": count, "seconds": seconds, "at": at}
            self._ok.set(1)
            self._events.set(count)
            log.info("integrity check passed: %d events in %.3f s", count, seconds)
        self._at.set(time.time())
        return self.status()

    async def run(self) -> None:
        while True:
            await self.check()
            await asyncio.sleep(self.interval)
