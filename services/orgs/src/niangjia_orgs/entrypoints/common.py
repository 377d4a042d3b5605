"""What every orgs route shares: the handlers, the clock, command headers, answers and checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from niangjia_kit.auth import Permission, Principal, authorize
from niangjia_kit.commands import CommandContext, CommandResult
from niangjia_kit.entrypoints import CommandAnswer, CorrelationId, IdempotencyKey, answer, command_context
from niangjia_kit.errors import ApiError
from pydantic import BaseModel, ConfigDict, ValidationError

from niangjia_orgs.application.handlers import OrgsHandlers

__all__ = [
    "ERRORS",
    "Body",
    "CommandAnswer",
    "CommandCall",
    "Orgs",
    "RecordCall",
    "answer",
    "build",
    "created",
    "follow_up",
    "not_in_future",
]

SOURCE = "orgs"


async def _handlers(request: Request) -> OrgsHandlers:
    handlers: OrgsHandlers = request.app.state.orgs
    return handlers


Orgs = Annotated[OrgsHandlers, Depends(_handlers)]


@dataclass(frozen=True, slots=True)
class CommandCall:
    """Everything a command route needs besides its body: the recorder, the handlers, today's date
    and the command headers (one dependency: FastAPI's cost per request grows with each one)."""

    principal: Principal
    orgs: OrgsHandlers
    today: date
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


async def _command_call(
    request: Request,
    idempotency_key: IdempotencyKey = None,
    correlation_id: CorrelationId = None,
) -> CommandCall:
    principal = await authorize(request, Permission.RECORD)
    state = request.app.state
    clock: Callable[[], date] = state.today
    return CommandCall(
        principal=principal,
        orgs=state.orgs,
        today=clock(),
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
    )


RecordCall = Annotated[CommandCall, Depends(_command_call)]
"""A command from a principal allowed to record (recorder or admin)."""


def not_in_future(today: date, **dates: date | None) -> None:
    """422 naming each business date later than today."""
    late = {name: day for name, day in dates.items() if day is not None and day > today}
    if late:
        fields = [
            {
                "field": name,
                "location": "body",
                "reason": f"{day} is in the future (today is {today})",
                "type": "future_date",
            }
            for name, day in late.items()
        ]
        summary = "; ".join(f"{f['field']}: {f['reason']}" for f in fields)
        raise ApiError(422, "invalid_request", f"the request is invalid: {summary}", fields=fields)


class Body(BaseModel):
    """A request body: unknown fields are refused (422), not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=BaseModel)


def build(model: type[M], **values: Any) -> M:
    """Build a command; a rule the body alone could not check becomes a 422 like any other."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False, include_context=False)]
        ) from None


C = TypeVar("C", bound=BaseModel)


async def follow_up(
    call: CommandCall,
    operation: str,
    command_type: type[C],
    body: BaseModel,
    target: tuple[str, str],
    existing: Callable[[OrgsHandlers, str, Principal], Awaitable[object]],
    act: Callable[[OrgsHandlers, C, CommandContext], Awaitable[CommandResult]],
) -> Response:
    """A command on an organisation that exists: its dates not in the future (422), the organisation
    known (404) and in the caller's scope (403), then the command built and handled.

    `target` is the command's id field and the organisation's id; the command's context carries
    the id, so that one Idempotency-Key used on two organisations is told apart.
    """
    fields = body.model_dump()
    not_in_future(call.today, **{name: value for name, value in fields.items() if isinstance(value, date)})
    id_field, entity_id = target
    await existing(call.orgs, entity_id, call.principal)
    context = call.context(f"{operation}:{entity_id}")
    command = build(command_type, **fields, **{id_field: entity_id})
    return answer(await act(call.orgs, command, context))


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No bearer token, or an unknown or revoked one"},
    403: {"description": "The role may not do this, or the region is outside the token's scope"},
    404: {"description": "No such federation or micro-home"},
    409: {"description": "The history forbids this command (a stable `code` says which rule)"},
    413: {"description": "The request body is too large"},
    422: {"description": "The request is invalid: each field and the reason"},
}


def created(description: str, id_parameter: str, *operations: str) -> dict[int | str, dict[str, Any]]:
    """The responses of a route that creates an organisation: the common errors, and a 201 whose
    OpenAPI links lead to the `operations` on the new organisation (its id as `id_parameter`)."""
    links = {name: {"operationId": name, "parameters": {id_parameter: "$response.body#/id"}} for name in operations}
    return {**ERRORS, 201: {"description": description, "links": links}}
