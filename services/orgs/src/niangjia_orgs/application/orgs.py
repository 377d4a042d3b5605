"""The orgs service as one typed value: the store, the clock, the metrics, and for each kind of
organisation its command handler and how a command on one that exists is run.

`niangjia_orgs.bootstrap.bootstrap` builds it once; routes and use cases receive it; tests build it
over a memory store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from niangjia_eventstore import EventStore
from niangjia_kit.auth import Principal
from niangjia_kit.clock import Today
from niangjia_kit.commands import CommandContext, CommandHandler, CommandResult, Prepare, derived_entity_id
from niangjia_kit.keystore import KeyStore
from niangjia_kit.metrics import Metrics
from niangjia_kit.routes import CommandCall, build
from pydantic import BaseModel

from niangjia_orgs.domain.federation import FederationCommand, FederationState
from niangjia_orgs.domain.lifecycle import Lifecycle
from niangjia_orgs.domain.member import MemberCommand, MemberState
from niangjia_orgs.domain.micro_home import MicroHomeCommand, MicroHomeState
from niangjia_orgs.domain.project import ProjectCommand, ProjectState


class Located(Protocol):
    @property
    def region(self) -> str | None:
        """The organisation's region; None before it started."""


C = TypeVar("C", bound=BaseModel)
S = TypeVar("S", bound=Located)


@dataclass(frozen=True, slots=True)
class Creation(Generic[C]):
    """A command that starts an organisation, with the organisation's id and the command's context."""

    entity_id: str
    command: C
    context: CommandContext


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisations(Generic[C, S]):
    """One kind of organisation: its command handler, its stream category and its rules' words."""

    handler: CommandHandler[C, S]
    category: str
    id_field: str
    """The commands' field that names the organisation ("federation_id")."""
    lifecycle: Lifecycle

    def stream(self, entity_id: str) -> str:
        return f"{self.category}-{entity_id}"

    async def state_of(self, entity_id: str) -> tuple[S, int | None]:
        return await self.handler.state_of(self.stream(entity_id))

    async def visible(self, entity_id: str, principal: Principal) -> S:
        """The organisation's state as the caller may know it: an organisation outside the caller's
        scope looks unknown (the initial state), so that a reference to it answers exactly as a
        reference to no organisation, and a scoped caller learns nothing of what lies beyond."""
        state, _ = await self.state_of(entity_id)
        if state.region is not None and not principal.covers(state.region):
            return self.handler.initial_state
        return state

    async def existing(self, entity_id: str, principal: Principal) -> tuple[S, int]:
        """The state and version of an organisation that exists in the caller's scope (else 404)."""
        state, version = await self.state_of(entity_id)
        self._check_known(entity_id, state, principal)
        assert version is not None  # a state with a region has events
        return state, version

    def _check_known(self, entity_id: str, state: S, principal: Principal) -> None:
        # outside the scope answers as unknown: the same 404, not a 403 that says it exists
        if state.region is None or not principal.covers(state.region):
            raise self.lifecycle.not_found(entity_id)

    def creation(
        self,
        call: CommandCall[Orgs],
        operation: str,
        command_type: type[C],
        body: BaseModel,
        prefix: str,
        withheld: frozenset[str] = frozenset(),
    ) -> Creation[C]:
        """The command `body` asks for (less its `withheld` fields), on the id the body names or, without
        one, an id derived from the command (`prefix`-…), so that a retried create names the same one."""
        context = call.context(operation)
        entity_id = getattr(body, self.id_field) or derived_entity_id(prefix, context.command_id)
        fields: dict[str, Any] = {**body.model_dump(exclude={self.id_field, *withheld}), self.id_field: entity_id}
        return Creation(entity_id, build(command_type, **fields, today=call.app.today()), context)

    async def create(self, creation: Creation[C], prepare: Prepare[S, C]) -> CommandResult:
        """Start the organisation's stream; `prepare` checks the scope and reads facts from elsewhere."""
        entity_id = creation.entity_id
        return await self.handler.handle(
            entity_id, self.stream(entity_id), creation.command, creation.context, creates=True, prepare=prepare
        )

    async def follow_up(
        self, call: CommandCall[Orgs], operation: str, command_type: type[C], entity_id: str, body: BaseModel
    ) -> CommandResult:
        """A command on an organisation that exists in the caller's scope (else 404), checked
        on the state the handler loads for the decision (the stream is read once). The context
        names the organisation, so that one Idempotency-Key used on two is told apart."""

        async def known_in_scope(state: S, command: C) -> C:
            self._check_known(entity_id, state, call.principal)
            return command

        fields: dict[str, Any] = {**body.model_dump(), self.id_field: entity_id, "today": call.app.today()}
        command = build(command_type, **fields)
        context = call.context(f"{operation}:{entity_id}")
        return await self.handler.handle(entity_id, self.stream(entity_id), command, context, prepare=known_in_scope)


@dataclass(frozen=True, slots=True, kw_only=True)
class Orgs:
    """The orgs service: what every use case and route works with."""

    store: EventStore
    federations: Organisations[FederationCommand, FederationState]
    micro_homes: Organisations[MicroHomeCommand, MicroHomeState]
    members: Organisations[MemberCommand, MemberState]
    projects: Organisations[ProjectCommand, ProjectState]
    keys: KeyStore
    """The people's data keys and the access log, apart from the events."""
    today: Today
    metrics: Metrics | None = None


OrgsCall = CommandCall[Orgs]
"""A command to the orgs service: the principal, the service and the command headers."""
