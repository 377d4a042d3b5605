"""Retrying a read model that stopped: after a full disk, a read-only file or a store that could not
be read, a model that failed tries again from its checkpoint after a growing delay (`RETRY_FIRST`,
doubling up to `RETRY_MAX`), its file opened afresh; so the read models resume by themselves once
the fault is gone. A model that fails again waits longer; one that applies a page starts over."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from niangjia_kit.projection.checkpoint import ModelStatus

log = logging.getLogger("niangjia.projections")

RETRY_FIRST = 0.5
RETRY_MAX = 5.0


@dataclass(slots=True)
class _Retry:
    failures: int = 0
    due: float | None = None
    """When the model tries again; None while it runs."""


class Healing:
    """When each failed model of a runner tries again."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._retries: dict[str, _Retry] = {}
        self.store_error: str | None = None
        """Why the store could not be read, while it cannot; None when it can."""
        self._store_failures = 0

    def due(self, models: list[ModelStatus], reopen: Callable[[ModelStatus], ModelStatus]) -> list[ModelStatus]:
        """`models`, those whose retry is due resumed (each on its file opened again); a model that
        failed since the last call gets its retry scheduled."""
        now = self._clock()
        out = []
        for model in models:
            retry = self._retries.setdefault(model.name, _Retry())
            if model.failure is None:
                out.append(model)
                continue
            if retry.due is None:
                delay = min(RETRY_FIRST * float(2**retry.failures), RETRY_MAX)
                retry.failures += 1
                retry.due = now + delay
                log.warning("projection %s stopped; trying again in %.1fs", model.name, delay)
            elif now >= retry.due:
                try:
                    model.conn.close()
                    model = reopen(model)
                except Exception as error:  # the file cannot be opened yet: wait again
                    log.warning("projection %s cannot reopen its file: %s", model.name, error)
                    retry.due = None
                else:
                    retry.due = None
                    log.info("projection %s resumes from position %d", model.name, model.checkpoint)
            out.append(model)
        return out

    def next_in(self) -> float:
        """Seconds until the next retry is due (RETRY_MAX when none is scheduled)."""
        dues = [r.due for r in self._retries.values() if r.due is not None]
        return max(0.0, min(dues, default=self._clock() + RETRY_MAX) - self._clock())

    def any_due(self) -> bool:
        now = self._clock()
        return any(r.due is not None and now >= r.due for r in self._retries.values())

    def applied(self, models: list[ModelStatus]) -> None:
        """A page was applied: the models that took it without failing start their delays over."""
        for model in models:
            if model.failure is None and model.name in self._retries:
                self._retries[model.name].failures = 0

    def store_failed(self, error: BaseException) -> float:
        """The store could not be read: the delay before reading it again."""
        self.store_error = f"{type(error).__name__}: {error}"
        delay = min(RETRY_FIRST * float(2**self._store_failures), RETRY_MAX)
        self._store_failures += 1
        return delay

    def store_read(self) -> None:
        self.store_error = None
        self._store_failures = 0
