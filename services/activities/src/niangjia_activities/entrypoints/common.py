"""What every activities route shares: the service, the recorder's command call, the error responses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Concatenate, ParamSpec

from fastapi import APIRouter, Depends, Request, Response
from niangjia_kit.apierrors import UNAUTHENTICATED_401
from niangjia_kit.auth import Principal, Recorder
from niangjia_kit.commands import CommandContext, CommandResult
from niangjia_kit.entrypoints import (
    CommandAnswer,
    CorrelationId,
    IdempotencyKey,
    answer,
    command_context,
    request_fingerprint,
)
from niangjia_kit.routes import STORE_FAULT

from niangjia_activities.use_cases.activities import Activities

__all__ = ["ERRORS", "CommandAnswer", "Recording", "Service", "command_route"]

SOURCE = "activities"
P = ParamSpec("P")


async def _service(request: Request) -> Activities:
    activities: Activities = request.app.state.activities
    return activities


Service = Annotated[Activities, Depends(_service)]
"""The service, as `bootstrap` built it at start."""


@dataclass(frozen=True, slots=True)
class RecordCall:
    """A recorder's command: the service, the recorder, and the envelope's who and why."""

    activities: Activities
    principal: Principal
    context: Callable[[str], CommandContext]
    """The command's context, given the operation (its name, and the entity's id when it has one)."""

    async def run(
        self,
        use_case: Callable[Concatenate[Activities, Principal, CommandContext, P], Awaitable[CommandResult]],
        operation: str,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Response:
        """Run the use case as this call's `operation` and answer 201 with what it recorded."""
        return answer(await use_case(self.activities, self.principal, self.context(operation), *args, **kwargs))


async def _record_call(
    request: Request,
    activities: Service,
    principal: Recorder,
    idempotency_key: IdempotencyKey = None,
    correlation_id: CorrelationId = None,
) -> RecordCall:
    context = partial(
        command_context,
        principal,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
        source=SOURCE,
        fingerprint=await request_fingerprint(request, idempotency_key),
    )
    return RecordCall(activities, principal, context)


Recording = Annotated[RecordCall, Depends(_record_call)]
"""A command from a principal allowed to record (recorder or admin)."""


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": UNAUTHENTICATED_401},
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
    **STORE_FAULT,
}


def command_route(
    router: APIRouter, path: str
) -> Callable[[Callable[P, Awaitable[Response]]], Callable[P, Awaitable[Response]]]:
    """A route that records: 201 with a `CommandAnswer`, or one of the `ERRORS`."""
    return router.post(path, status_code=201, response_model=CommandAnswer, responses=ERRORS)
