"""What every activities route shares: the use cases, command headers, answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Request
from niangjia_kit.auth import Principal
from niangjia_kit.commands import CommandContext, CommandResult, command_id_for
from pydantic import BaseModel, ConfigDict

from niangjia_activities.application.care_activities import CareActivities

SOURCE = "activities"


def _activities(request: Request) -> CareActivities:
    activities: CareActivities = request.app.state.activities
    return activities


Activities = Annotated[CareActivities, Depends(_activities)]


@dataclass(frozen=True, slots=True)
class CommandHeaders:
    idempotency_key: str | None
    correlation_id: UUID | None


def _command_headers(
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="A retry with the same key returns the first answer and records nothing new",
        ),
    ] = None,
    correlation_id: Annotated[
        UUID | None, Header(alias="X-Correlation-ID", description="Correlates this command with others")
    ] = None,
) -> CommandHeaders:
    return CommandHeaders(idempotency_key=idempotency_key, correlation_id=correlation_id)


Headers = Annotated[CommandHeaders, Depends(_command_headers)]


def command_context(principal: Principal, operation: str, headers: CommandHeaders) -> CommandContext:
    command_id = command_id_for(principal.subject, operation, headers.idempotency_key)
    return CommandContext(
        actor=principal.subject,
        command_id=command_id,
        correlation_id=headers.correlation_id or command_id,
        source=SOURCE,
    )


class CommandAnswer(BaseModel):
    """What a command answers: the entity, its stream's version and the last event's position."""

    model_config = ConfigDict(frozen=True)

    id: str
    stream_id: str
    stream_version: int
    position: int
    event_ids: list[UUID]


def answer(result: CommandResult) -> CommandAnswer:
    return CommandAnswer(
        id=result.id,
        stream_id=result.stream_id,
        stream_version=result.stream_version,
        position=result.position,
        event_ids=result.event_ids,
    )


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No bearer token, or an unknown or revoked one"},
    403: {"description": "The role may not do this, or the organiser's region is outside the token's scope"},
    404: {"description": "No such care activity"},
    409: {
        "description": "The history forbids this command; `code` says which rule: unknown_organiser, "
        "organiser_not_yet_founded, organiser_dissolved, activity_exists, activity_retracted, "
        "already_retracted, nothing_to_correct"
    },
    413: {"description": "The request body is too large"},
    422: {
        "description": "The request is invalid: each field and the reason (held_in_future, "
        "campaign_not_of_quarter, ambiguous_organiser, invalid_request)"
    },
}
