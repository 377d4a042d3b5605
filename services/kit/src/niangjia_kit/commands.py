"""The command handler: load and fold the stream, decide, append with the expected version.

Idempotency needs no state of its own: event ids are derived from the command id, and a command
whose id already stands in the loaded stream returns the answer it got the first time, provided it
is the same request: the envelope keeps the request's fingerprint, and the same Idempotency-Key with
another request is refused (422 `idempotency_key_mismatch`), recording nothing. Events recorded
before fingerprints were kept carry none and are taken as the same request.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar
from uuid import UUID

from niangjia_contracts import DomainEvent, EventMetadata, decode_recorded, encode_event, encode_metadata
from niangjia_eventstore import (
    AppendResult,
    EventIdsReused,
    EventStore,
    ExpectedVersion,
    NewEvent,
    StreamState,
    WrongExpectedVersion,
)

from niangjia_kit.decider import Decider
from niangjia_kit.errors import ApiError
from niangjia_kit.metrics import Metrics
from niangjia_kit.rules import DomainError, RuleViolation

log = logging.getLogger("niangjia.commands")

IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1c8a52-3f6e-4d8e-9a43-1b2f7c4e9d10")

S = TypeVar("S")
C = TypeVar("C")

Prepare = Callable[[S, C], Awaitable[C]]
"""What a use case reads before deciding, given the loaded state: checks (the entity known and in
the caller's scope) and facts from elsewhere put into the command. Runs once per attempt, after the
stream is loaded, so the stream is read and folded once."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandContext:
    """Who sent the command and how it relates to others; goes into every event's envelope."""

    actor: str
    command_id: UUID
    correlation_id: UUID
    causation_id: UUID | None = None
    source: str
    fingerprint: str | None = None  # of the request, when it carried an Idempotency-Key


def key_mismatch() -> ApiError:
    return ApiError(
        422,
        "idempotency_key_mismatch",
        "this Idempotency-Key was already used for a different request; nothing was recorded (send a new request with a new key)",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandResult:
    """What a command answers: the entity, the stream's version and the last event's position."""

    id: str
    stream_id: str
    stream_version: int
    position: int
    event_ids: list[UUID] = field(default_factory=list)
    replayed: bool = False


def command_id_for(subject: str, operation: str, idempotency_key: str | None) -> UUID:
    """A fresh command id, or one derived from the caller's Idempotency-Key (same key, same id)."""
    if idempotency_key is None:
        return uuid.uuid4()
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{subject}\n{operation}\n{idempotency_key}")


def event_id_for(command_id: UUID, index: int) -> UUID:
    return uuid.uuid5(command_id, str(index))


def derived_entity_id(prefix: str, command_id: UUID) -> str:
    """An entity id derived from the command id, so that a retried create names the same entity."""
    return f"{prefix}-{command_id.hex[:16]}"


class CommandHandler(Generic[C, S]):
    """Runs commands of one aggregate against the store."""

    def __init__(
        self,
        store: EventStore,
        decider: Decider[C, S],
        metrics: Metrics | None = None,
        max_attempts: int = 8,
    ) -> None:
        self._store = store
        self._decider = decider
        self._metrics = metrics
        self._max_attempts = max_attempts

    async def load(self, stream_id: str) -> tuple[S, int | None, list[Seen]]:
        """The folded state, the stream's version (None: no stream), and what each event records of
        the command that made it."""
        state = self._decider.initial_state
        version: int | None = None
        seen: list[Seen] = []
        for recorded in await self._store.read_stream(stream_id):
            record = decode_recorded(recorded)
            state = self._decider.evolve(state, record.event)
            version = recorded.stream_version
            envelope = record.envelope
            seen.append(
                Seen(
                    envelope.command_id,
                    recorded.event_id,
                    recorded.stream_version,
                    recorded.position,
                    envelope.request_fingerprint,
                )
            )
        return state, version, seen

    @property
    def initial_state(self) -> S:
        """The state of an entity with no events: what an unknown one looks like."""
        return self._decider.initial_state

    async def state_of(self, stream_id: str) -> tuple[S, int | None]:
        state, version, _ = await self.load(stream_id)
        return state, version

    async def handle(
        self,
        entity_id: str,
        stream_id: str,
        command: C,
        context: CommandContext,
        *,
        creates: bool = False,
        prepare: Prepare[S, C] | None = None,
    ) -> CommandResult:
        """Run `command` against its stream. `creates=True` for a command that starts a new stream
        (a fresh id): it is appended without reading the stream first, and takes the ordinary path
        only when the stream turns out to exist. `prepare` (see `Prepare`) runs on the loaded state
        before the decision; a command already handled answers as it did without it."""
        name = type(command).__name__
        try:
            result = await self._handle(entity_id, stream_id, command, context, creates, prepare)
        except DomainError:  # a rule, an unknown entity or a bad value: the client's to fix
            self._count(name, "rejected")
            raise
        except ApiError as error:  # from a prepare step: out of scope, say
            self._count(name, "rejected" if error.status < 500 else "error")
            raise
        except Exception:
            self._count(name, "error")
            raise
        self._count(name, "replayed" if result.replayed else "accepted")
        return result

    def _count(self, name: str, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.commands.labels(command=name, outcome=outcome).inc()

    async def _handle(
        self,
        entity_id: str,
        stream_id: str,
        command: C,
        context: CommandContext,
        creates: bool,
        prepare: Prepare[S, C] | None,
    ) -> CommandResult:
        if creates and context.fingerprint is None:
            # no key, so no retry to recognise: append without reading the stream first
            created = await self._create(entity_id, stream_id, command, context, prepare)
            if created is not None:
                return created
        for attempt in range(1, self._max_attempts + 1):
            state, version, seen = await self.load(stream_id)
            earlier = [s for s in seen if s.command_id == context.command_id]
            if earlier:
                first = earlier[0].fingerprint
                if first is not None and context.fingerprint is not None and first != context.fingerprint:
                    raise key_mismatch()
                return CommandResult(
                    id=entity_id,
                    stream_id=stream_id,
                    stream_version=earlier[-1].version,
                    position=earlier[-1].position,
                    event_ids=[s.event_id for s in earlier],
                    replayed=True,
                )
            prepared = command if prepare is None else await prepare(state, command)
            events = list(self._decider.decide(prepared, state))
            if not events:
                raise RuleViolation("nothing_to_record", "the command changes nothing")
            new_events = self._encode(events, state, context)
            expected = StreamState.NO_STREAM if version is None else version
            try:
                appended = await self._append(stream_id, new_events, expected)
            except WrongExpectedVersion:
                log.info("version conflict on %s (attempt %d); retrying", stream_id, attempt)
                continue
            return _result(entity_id, appended, new_events)
        raise RuleViolation(
            "concurrency_conflict",
            f"{stream_id} kept changing while this command was decided; retry it",
        )

    async def _create(
        self, entity_id: str, stream_id: str, command: C, context: CommandContext, prepare: Prepare[S, C] | None
    ) -> CommandResult | None:
        """Decide against the initial state and append to a stream that must not exist yet, without
        reading it first. None (take the ordinary path) when the stream exists or the decider
        refuses: the ordinary path reads the stream, so a retry still gets its first answer."""
        state = self._decider.initial_state
        try:
            prepared = command if prepare is None else await prepare(state, command)
            events = list(self._decider.decide(prepared, state))
        except DomainError:
            return None
        if not events:
            return None
        new_events = self._encode(events, state, context)
        try:
            appended = await self._append(stream_id, new_events, StreamState.NO_STREAM)
        except WrongExpectedVersion:
            return None
        return _result(entity_id, appended, new_events)  # the store answers a repeated append as the first

    async def _append(self, stream_id: str, new_events: list[NewEvent], expected: ExpectedVersion) -> AppendResult:
        started = time.perf_counter()
        try:
            return await self._store.append(stream_id, new_events, expected)
        except EventIdsReused as error:  # the same key named another entity: another request
            raise key_mismatch() from error
        finally:
            if self._metrics is not None:
                self._metrics.append_seconds.observe(time.perf_counter() - started)

    def _encode(self, events: list[DomainEvent], state: S, context: CommandContext) -> list[NewEvent]:
        encoded = []
        for index, event in enumerate(events):
            metadata = EventMetadata(
                schema_version=event.schema_version,
                occurred_on=self._decider.occurred_on(event, state),
                actor=context.actor,
                command_id=context.command_id,
                correlation_id=context.correlation_id,
                causation_id=context.causation_id,
                source=context.source,
                request_fingerprint=context.fingerprint,
            )
            encoded.append(
                NewEvent(
                    event_id=event_id_for(context.command_id, index),
                    type=event.event_type,
                    data=encode_event(event),
                    metadata=encode_metadata(metadata),
                )
            )
        return encoded


class Seen(NamedTuple):
    """What a stored event says of the command that recorded it."""

    command_id: UUID
    event_id: UUID
    version: int
    position: int
    fingerprint: str | None


def _result(entity_id: str, appended: AppendResult, new_events: list[NewEvent]) -> CommandResult:
    return CommandResult(
        id=entity_id,
        stream_id=appended.stream_id,
        stream_version=appended.stream_version,
        position=appended.position,
        event_ids=[e.event_id for e in new_events],
    )
