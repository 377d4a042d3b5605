"""What every activities route shares: the use cases, command headers, answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request
from niangjia_kit.auth import Principal
from niangjia_kit.commands import CommandContext
from niangjia_kit.entrypoints import CommandAnswer, CorrelationId, IdempotencyKey, answer
from niangjia_kit.entrypoints import command_context as kit_command_context

from niangjia_activities.application.care_activities import CareActivities

__all__ = ["ERRORS", "Activities", "CommandAnswer", "Headers", "answer", "command_context"]

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
    idempotency_key: IdempotencyKey = None,
    correlation_id: CorrelationId = None,
) -> CommandHeaders:
    return CommandHeaders(idempotency_key=idempotency_key, correlation_id=correlation_id)


Headers = Annotated[CommandHeaders, Depends(_command_headers)]


def command_context(principal: Principal, operation: str, headers: CommandHeaders) -> CommandContext:
    return kit_command_context(
        principal,
        operation,
        idempotency_key=headers.idempotency_key,
        correlation_id=headers.correlation_id,
        source=SOURCE,
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
