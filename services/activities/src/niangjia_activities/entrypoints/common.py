"""What every activities route shares: the service, the recorder's command call, the error responses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request
from niangjia_kit.auth import Principal, Recorder
from niangjia_kit.commands import CommandContext
from niangjia_kit.entrypoints import CommandAnswer, CorrelationId, IdempotencyKey, answer, command_context

from niangjia_activities.use_cases.activities import Activities

__all__ = ["ERRORS", "CommandAnswer", "Recording", "Service", "answer"]

SOURCE = "activities"


def _service(request: Request) -> Activities:
    activities: Activities = request.app.state.activities
    return activities


Service = Annotated[Activities, Depends(_service)]
"""The service, as `bootstrap` built it at start."""


@dataclass(frozen=True, slots=True)
class RecordCall:
    """A recorder's command: the service, the recorder, and the envelope's who and why."""

    activities: Activities
    principal: Principal
    idempotency_key: str | None
    correlation_id: UUID | None

    def context(self, operation: str) -> CommandContext:
        return command_context(
            self.principal,
            operation,
            idempotency_key=self.idempotency_key,
            correlation_id=self.correlation_id,
            source=SOURCE,
        )


def _record_call(
    activities: Service,
    principal: Recorder,
    idempotency_key: IdempotencyKey = None,
    correlation_id: CorrelationId = None,
) -> RecordCall:
    return RecordCall(activities, principal, idempotency_key, correlation_id)


Recording = Annotated[RecordCall, Depends(_record_call)]
"""A command from a principal allowed to record (recorder or admin)."""


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
