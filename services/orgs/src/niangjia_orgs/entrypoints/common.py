"""What every orgs route shares: the handlers, the clock, command headers, answers and checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from niangjia_kit.auth import Permission, Principal, authorize
from niangjia_kit.commands import CommandContext, CommandResult, command_id_for
from niangjia_kit.errors import ApiError
from pydantic import BaseModel, ConfigDict, ValidationError

from niangjia_orgs.application.handlers import OrgsHandlers

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
        command_id = command_id_for(self.principal.subject, operation, self.idempotency_key)
        return CommandContext(
            actor=self.principal.subject,
            command_id=command_id,
            correlation_id=self.correlation_id or command_id,
            source=SOURCE,
        )


async def _command_call(
    request: Request,
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


class CommandAnswer(BaseModel):
    """What a command answers: the entity, its stream's version and the last event's position."""

    model_config = ConfigDict(frozen=True)

    id: str
    stream_id: str
    stream_version: int
    position: int
    event_ids: list[UUID]


def answer(result: CommandResult) -> Response:
    """201 with a `CommandAnswer` body, serialised directly (the route declares the model for OpenAPI)."""
    body = CommandAnswer(
        id=result.id,
        stream_id=result.stream_id,
        stream_version=result.stream_version,
        position=result.position,
        event_ids=result.event_ids,
    )
    return Response(body.model_dump_json().encode(), status_code=201, media_type="application/json")


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


M = TypeVar("M", bound=BaseModel)


def build(model: type[M], **values: Any) -> M:
    """Build a command; a rule the body alone could not check becomes a 422 like any other."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False, include_context=False)]
        ) from None


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No bearer token, or an unknown or revoked one"},
    403: {"description": "The role may not do this, or the region is outside the token's scope"},
    404: {"description": "No such federation or micro-home"},
    409: {"description": "The history forbids this command (a stable `code` says which rule)"},
    413: {"description": "The request body is too large"},
    422: {"description": "The request is invalid: each field and the reason"},
}
