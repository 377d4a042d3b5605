"""Reports computed once and shared while the read models stand still.

A report's answer depends on what it is asked (its path and query), on who asks it only through
the token's role and region scope, on today's date (a report without `as_of` stands on today), and
on the rows of the read models it reads, which change only when the runner applies one of their
events or when a rebuild swaps a model's file for a new one. So an answer is kept, as the bytes of
its body, under those, with where the read models stood when it was computed (`Stand`: their files
and, model by model, the log position of the last change of its content), and given again to the
next reader who asks the same thing while they still stand there: a leader's dashboard opened by a
hundred county staff in the morning is computed once, and the organisations' counts stay kept while
the day's activities are recorded. When one of a report's models applies an event, its kept answers
are outdated at once (each is replaced when next asked, or pushed out by newer ones). The answers
kept hold at most `size` bytes together, the least recently asked pushed out first.

Readers who ask the same thing of the same content while it is being computed wait for that one
computation instead of starting their own (a reader who leaves does not cancel it for the others).

Only reports opt in (`shared.shared_answer`): figures, trees and lists of organisations. Nothing
with personal data is kept: every read of a person's data is disclosed and recorded one by one. A
refusal is never kept (an error is raised again for each reader), and no answer is kept or given
while the store is at fault (`refuse_on_store_fault` is asked first).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from niangjia_kit.clock import today_in_china
from niangjia_kit.tokens import Principal
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from starlette.requests import Request


@dataclass(frozen=True, slots=True)
class AnswerKey:
    """What a report's answer depends on, besides where the read models stand (the path says which
    report, hence which read models it reads)."""

    path: str
    query: str
    role: str
    scope: str | None
    today: str

    @classmethod
    def of(cls, request: Request, principal: Principal) -> AnswerKey:
        return cls(
            path=request.url.path,
            query=request.url.query,
            role=principal.role.value,
            scope=principal.scope,
            today=today_in_china().isoformat(),
        )


Files = tuple[tuple[str, int], ...]
"""The read models' files, main first: each path and its inode (`ReadModels.generation`)."""


@dataclass(frozen=True, slots=True)
class Stand:
    """Where the read models stood for an answer: their files, the log position they had applied
    (None while the runner was between two of them) and, model by model, the position of their
    content's last change. `settled`: the same files before and after, at one position; an answer is
    only kept or given when it is."""

    files: Files
    position: int | None
    changes: tuple[int, ...] = ()
    settled: bool = True

    @property
    def usable(self) -> bool:
        return self.settled and self.position is not None

    @property
    def content(self) -> tuple[Files, tuple[int, ...]]:
        """What the models' content is known by: the same files, each changed last at the same
        position, hold the same rows, however far the log has moved past other models' events."""
        return self.files, self.changes


Answer = tuple[bytes, Stand]
"""A report's body and where the read models stood for it."""


@dataclass
class AnswerCache:
    """Report bodies, each with where the read models stood for it, holding at most `size` bytes
    together; 0 keeps none."""

    size: int
    hits: int = 0
    """Answers given from those kept."""
    joined: int = 0
    """Readers who waited for a computation another reader had started."""
    computed: int = 0
    """Answers computed."""
    held: int = 0
    """The bytes the kept answers hold together."""
    _kept: OrderedDict[AnswerKey, Answer] = field(default_factory=OrderedDict)
    _computing: dict[tuple[AnswerKey, tuple[Files, tuple[int, ...]]], asyncio.Task[Answer]] = field(
        default_factory=dict
    )

    @property
    def enabled(self) -> bool:
        return self.size > 0

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: AnswerKey, stand: Stand) -> bytes | None:
        """The body kept for `key` where the read models stand now; None when there is none."""
        kept = self._kept.get(key)
        if kept is None or not stand.usable or kept[1].content != stand.content:
            return None
        self._kept.move_to_end(key)
        self.hits += 1
        return kept[0]

    def keep(self, key: AnswerKey, body: bytes, stand: Stand) -> None:
        """Keep `body` of `key` as computed where the models stood (not when they moved meanwhile, nor
        a body larger than half of `size`), pushing out the least recently asked ones beyond `size`."""
        if not stand.usable or not self.enabled or len(body) > self.size // 2:
            return
        self._drop(key)
        self._kept[key] = (body, stand)
        self.held += len(body)
        while self.held > self.size:
            self._drop(next(iter(self._kept)))

    def _drop(self, key: AnswerKey) -> None:
        kept = self._kept.pop(key, None)
        if kept is not None:
            self.held -= len(kept[0])

    async def once(self, key: AnswerKey, stand: Stand, compute: Callable[[], Awaitable[Answer]]) -> Answer:
        """`compute()` (a body and where the models stood for it), run once for all the readers who ask
        `key` meanwhile with the models standing at `stand`; the body is kept where it was computed.
        Each reader is told where the models stand for it, `stand`, when the rows computed from are the
        same (a reader who came after the log moved past other models' events joins a computation
        begun before it, and its figures hold where it found the models)."""
        computing = (key, stand.content)
        running = self._computing.get(computing)
        if running is not None:
            self.joined += 1
        else:
            running = asyncio.ensure_future(self._computed(key, compute))
            self._computing[computing] = running
            running.add_done_callback(lambda done: self._done(computing, done))
        body, computed_at = await asyncio.shield(running)
        return body, stand if stand.usable and computed_at.content == stand.content else computed_at

    def _done(self, computing: tuple[AnswerKey, tuple[Files, tuple[int, ...]]], task: asyncio.Task[Answer]) -> None:
        self._computing.pop(computing, None)
        if not task.cancelled():
            task.exception()  # retrieved here: every reader may have left before it ended

    async def _computed(self, key: AnswerKey, compute: Callable[[], Awaitable[Answer]]) -> Answer:
        self.computed += 1
        body, stand = await compute()
        self.keep(key, body, stand)
        return body, stand


def answer_metrics(answers: AnswerCache) -> list[Metric]:
    """The shared answers' figures, for the service's metrics."""
    given = CounterMetricFamily(
        "niangjia_report_answers",
        "Report answers by how they were given: kept (computed before), joined (waited for another reader's) "
        "or computed",
        labels=["how"],
    )
    for how, count in (("kept", answers.hits), ("joined", answers.joined), ("computed", answers.computed)):
        given.add_metric([how], count)
    kept = GaugeMetricFamily("niangjia_report_answers_kept", "Report answers kept for the next reader")
    kept.add_metric([], len(answers))
    held = GaugeMetricFamily("niangjia_report_answers_bytes", "Bytes the kept report answers hold together")
    held.add_metric([], answers.held)
    return [given, kept, held]
