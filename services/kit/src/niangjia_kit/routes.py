"""What a write service's routes share: the request body base, building a command, the command
call (recorder, the service's container, command headers) as one dependency, and the responses.

Generic on purpose: a service passes its own container type, its source name and its words.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, ValidationError

from niangjia_kit.apierrors import UNAUTHENTICATED_401
from niangjia_kit.auth import Permission, Principal, authorize
from niangjia_kit.commands import CommandContext
from niangjia_kit.entrypoints import CommandAnswer, CorrelationId, IdempotencyKey, command_context, request_fingerprint

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=BaseModel)

Responses = dict[int | str, dict[str, Any]]


class Body(BaseModel):
    """A request body: unknown fields are refused (422), not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def build(model: type[M], **values: Any) -> M:
    """Build a command; a rule the body alone could not check becomes a 422 like any other."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False, include_context=False)]
        ) from None


async def container(request: Request) -> Any:
    """The service's composition root, set on the app when it starts (`app.state.container`)."""
    return request.app.state.container


@dataclass(frozen=True, slots=True)
class CommandCall(Generic[T]):
    """Everything a command route needs besides its body: the principal, the service's container and
    the command headers (one dependency: FastAPI's cost per request grows with each one)."""

    principal: Principal
    app: T
    source: str
    idempotency_key: str | None
    correlation_id: UUID | None
    fingerprint: str | None = None

    def context(self, operation: str) -> CommandContext:
        return command_context(
            self.principal,
            operation,
            idempotency_key=self.idempotency_key,
            correlation_id=self.correlation_id,
            source=self.source,
            fingerprint=self.fingerprint,
        )


def command_call(
    source: str, app: type[T], permission: Permission = Permission.RECORD
) -> Callable[..., Awaitable[CommandCall[T]]]:
    """The dependency that authorises a command and gathers its call (`app` types the container)."""

    async def dependency(
        request: Request,
        idempotency_key: IdempotencyKey = None,
        correlation_id: CorrelationId = None,
    ) -> CommandCall[T]:
        principal = await authorize(request, permission)
        built: T = request.app.state.container
        fingerprint = await request_fingerprint(request, idempotency_key)
        return CommandCall(principal, built, source, idempotency_key, correlation_id, fingerprint)

    return dependency


STORE_FAULT: Responses = {
    503: {
        "description": "The event store cannot be used now and nothing was written; `error.code` says why: "
        "`disk_full`, `store_read_only` or `store_unavailable` (the same request succeeds once the fault is "
        "gone), `store_regressed` (the store lost events it had acknowledged: restore it) or `event_corrupted` "
        "(a stored event changed; `error.position` names it).",
        "headers": {"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}},
    }
}
"""The response of a route that reads or writes the event store while the store cannot be used."""


def errors(*, forbidden: str, not_found: str, conflict: str, invalid: str) -> Responses:
    """The error responses of a command route, in the service's words for 403, 404, 409 and 422."""
    return {
        401: {"description": UNAUTHENTICATED_401},
        403: {"description": forbidden},
        404: {"description": not_found},
        409: {"description": conflict},
        413: {"description": "The request body is too large"},
        422: {"description": invalid},
        **STORE_FAULT,
    }


def created(errors: Responses, description: str, id_parameter: str, *operations: str) -> Responses:
    """The responses of a route that creates an entity: `errors`, and a 201 whose OpenAPI links lead
    to the `operations` on the new entity (its id as `id_parameter`)."""
    links = {name: {"operationId": name, "parameters": {id_parameter: "$response.body#/id"}} for name in operations}
    return {**errors, 201: {"description": description, "links": links}}


def command_route(router: APIRouter, path: str, operation_id: str, responses: Responses) -> Callable[[F], F]:
    """A POST route for one command: 201 with a `CommandAnswer`, `responses` documented."""
    return router.post(
        path, status_code=201, response_model=CommandAnswer, operation_id=operation_id, responses=responses
    )
