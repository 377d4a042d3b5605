"""Servers started for the length of a `with` block: the NATS server here, a cluster of them in tests."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class StartedWhileEntered:
    """Started on entering a `with` block (`start`), stopped on leaving it (`stop`), whatever happened."""

    def start(self) -> object:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
