"""Wake-ups for live subscribers: at once for appends in this process, by polling for other processes."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from niangjia_eventstore.errors import EventStoreError

_Waiter = tuple[asyncio.AbstractEventLoop, "asyncio.Future[None]"]


class ChangeNotifier:
    """A counter that grows whenever the log may have grown, and a way to wait for it to grow.

    `poll` returns a value that changes when another connection commits (SQLite's data_version);
    it runs on its own thread every `interval` seconds, and only while somebody is waiting.
    """

    def __init__(self, poll: Callable[[], int], interval: float, close_poll: Callable[[], None]) -> None:
        self._poll = poll
        self._close_poll = close_poll
        self._interval = interval
        self._cond = threading.Condition()
        self._seq = 0
        self._waiters: list[_Waiter] = []
        self._closed = False
        self._thread: threading.Thread | None = None
        try:
            self._last = poll()  # the baseline: every commit from now on changes what poll() returns
        except Exception:  # the file cannot be read now: the first poll that can wakes every waiter
            self._last = -1

    @property
    def seq(self) -> int:
        """Read this before reading the log; then wait(seq) cannot miss a change."""
        return self._seq

    def bump(self) -> None:
        """The log may have grown: wake every waiter."""
        with self._cond:
            self._seq += 1
            if not self._waiters:
                return
            waiters, self._waiters = self._waiters, []
        _wake(waiters, None)

    async def wait(self, seen: int) -> None:
        """Return once the counter has moved past `seen`."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        with self._cond:
            if self._closed:
                raise EventStoreError("the event store is closed")
            if self._seq != seen:
                return
            self._waiters.append((loop, fut))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="eventstore-poll", daemon=True)
                self._thread.start()
            self._cond.notify_all()
        try:
            await fut
        except asyncio.CancelledError:
            with self._cond:
                if (loop, fut) in self._waiters:
                    self._waiters.remove((loop, fut))
            raise

    def close(self) -> None:
        """Stop polling; waiters get EventStoreError."""
        with self._cond:
            self._closed = True
            waiters, self._waiters = self._waiters, []
            thread, self._thread = self._thread, None
            self._cond.notify_all()
        _wake(waiters, EventStoreError("the event store is closed"))
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        elif thread is None:
            self._close_poll()

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._waiters and not self._closed:
                        self._cond.wait()
                    if self._closed:
                        return
                time.sleep(self._interval)
                try:
                    current = self._poll()
                except Exception:  # a transient failure (disk, lock): the next poll tries again
                    current = self._last
                if current != self._last:
                    self._last = current
                    self.bump()
        finally:
            self._close_poll()


def _wake(waiters: list[_Waiter], error: Exception | None) -> None:
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = defaultdict(list)
    for loop, fut in waiters:
        by_loop[loop].append(fut)
    for loop, futs in by_loop.items():
        with contextlib.suppress(RuntimeError):  # that loop is closed; nobody waits there any more
            loop.call_soon_threadsafe(_resolve, futs, error)


def _resolve(futs: list[asyncio.Future[None]], error: Exception | None) -> None:
    for fut in futs:
        if not fut.done():
            if error is None:
                fut.set_result(None)
            else:
                fut.set_exception(error)
