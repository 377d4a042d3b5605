"""What a rebuild reports: its progress across the processes of a fan-out, and the figures at the end."""

from __future__ import annotations

import resource
from collections.abc import Sequence
from dataclasses import dataclass

from niangjia_kit.projection import Projection

from niangjia_projections.rebuild.load import Progress


@dataclass(frozen=True, slots=True)
class RebuildReport:
    models: tuple[str, ...]
    events: int
    position: int
    seconds: float
    processes: int = 1
    peak_rss_mb: float = 0.0
    """Peak resident memory of this process plus that of every worker process (an upper bound)."""

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Tracker:
    """Progress of every group; the slowest group's position is the rebuild's."""

    def __init__(self, groups: int, progress: Progress | None) -> None:
        self.progress = progress
        self.done = [0] * groups
        self.position = [0] * groups
        self.last = [0] * groups
        self.peak_rss_mb: list[float] = []

    def update(self, index: int, done: int, position: int, last: int) -> None:
        self.done[index], self.position[index], self.last[index] = done, position, last
        if self.progress is not None:
            self.progress(min(self.done), min(self.position), max(self.last))

    def callback(self, index: int) -> Progress:
        def track(done: int, position: int, last: int) -> None:
            self.update(index, done, position, last)

        return track

    def report(self, projections: Sequence[Projection], seconds: float, processes: int) -> RebuildReport:
        """The figures of the rebuild; its peak memory is this process's plus the workers'."""
        return RebuildReport(
            tuple(p.name for p in projections),
            max(self.done),
            max(self.position),
            seconds,
            processes,
            peak_rss_mb() + sum(self.peak_rss_mb),
        )
