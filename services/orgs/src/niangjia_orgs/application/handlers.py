"""Command handlers: read what a decider needs from other streams, then run the kit's handler."""

from __future__ import annotations

from niangjia_contracts import FederationFounded, MicroHomeOpened
from niangjia_eventstore import EventStore
from niangjia_kit.commands import CommandContext, CommandHandler, CommandResult
from niangjia_kit.metrics import Metrics

from niangjia_orgs.domain import federation, micro_home
from niangjia_orgs.domain.federation import FederationCommand, FederationState, FoundFederation
from niangjia_orgs.domain.micro_home import MicroHomeCommand, MicroHomeState, OpenMicroHome


def federation_stream(federation_id: str) -> str:
    return f"{FederationFounded.category}-{federation_id}"


def micro_home_stream(micro_home_id: str) -> str:
    return f"{MicroHomeOpened.category}-{micro_home_id}"


class OrgsHandlers:
    """Runs the federation and micro-home commands against one store."""

    def __init__(self, store: EventStore, metrics: Metrics | None = None) -> None:
        self.federations: CommandHandler[FederationCommand, FederationState] = CommandHandler(
            store, federation.decider, metrics
        )
        self.micro_homes: CommandHandler[MicroHomeCommand, MicroHomeState] = CommandHandler(
            store, micro_home.decider, metrics
        )

    async def federation(self, federation_id: str) -> tuple[FederationState, int | None]:
        return await self.federations.state_of(federation_stream(federation_id))

    async def micro_home(self, micro_home_id: str) -> tuple[MicroHomeState, int | None]:
        return await self.micro_homes.state_of(micro_home_stream(micro_home_id))

    async def found_federation(self, command: FoundFederation, context: CommandContext) -> CommandResult:
        if command.guided_by is not None:
            guide, _ = await self.federation(command.guided_by)
            command = command.model_copy(update={"guide": guide.standing})
        return await self.federations.handle(
            command.federation_id, federation_stream(command.federation_id), command, context, creates=True
        )

    async def act_on_federation(self, command: FederationCommand, context: CommandContext) -> CommandResult:
        """Inspect, recognise or dissolve."""
        return await self.federations.handle(
            command.federation_id, federation_stream(command.federation_id), command, context
        )

    async def open_micro_home(self, command: OpenMicroHome, context: CommandContext) -> CommandResult:
        host, _ = await self.federation(command.host_federation_id)
        command = command.model_copy(update={"host": host.standing})
        return await self.micro_homes.handle(
            command.micro_home_id, micro_home_stream(command.micro_home_id), command, context, creates=True
        )

    async def act_on_micro_home(self, command: MicroHomeCommand, context: CommandContext) -> CommandResult:
        """Recognise or close."""
        return await self.micro_homes.handle(
            command.micro_home_id, micro_home_stream(command.micro_home_id), command, context
        )
