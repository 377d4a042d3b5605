"""What every command route shares: the command headers, the command context and the 201 answer."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated
from uuid import UUID

from fastapi import Header, Request, Response
from pydantic import BaseModel, ConfigDict

from niangjia_kit.auth import Principal
from niangjia_kit.commands import CommandContext, CommandResult, command_id_for

UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="A retry with the same key returns the first answer and records nothing new",
    ),
]
CorrelationId = Annotated[
    UUID | None,
    Header(
        alias="X-Correlation-ID",
        description="Correlates this command with others (a UUID)",
        json_schema_extra={"pattern": UUID_PATTERN},
    ),
]


async def request_fingerprint(request: Request, idempotency_key: str | None) -> str | None:
    """The SHA-256 of the request (method, path, body as canonical JSON without its personal data),
    when it carries an Idempotency-Key: what a retry with the same key must repeat. None without a
    key. A retry that changes only a member's personal data counts as the same request."""
    if idempotency_key is None:
        return None
    raw = await request.body()
    try:
        parsed = json.loads(raw)
        if isinstance(parsed, dict):
            # personal data never goes into the log, not even hashed: a digest of a name or a number
            # would outlive the erasure of its key (and numbers are few enough to be guessed)
            parsed.pop("personal", None)
        body = json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth: the bytes as sent
        body = raw
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def command_context(
    principal: Principal,
    operation: str,
    *,
    idempotency_key: str | None,
    correlation_id: UUID | None,
    source: str,
    fingerprint: str | None = None,
) -> CommandContext:
    """The envelope's who and why: the actor (the token id: a pseudonym, not a name), a command id
    (derived from the Idempotency-Key when one is given) and the correlation id (the command id when
    the client gives none)."""
    command_id = command_id_for(principal.subject, operation, idempotency_key)
    return CommandContext(
        actor=principal.token_id,
        command_id=command_id,
        correlation_id=correlation_id or command_id,
        source=source,
        fingerprint=fingerprint,
    )


class CommandAnswer(BaseModel):
    """What a command answers: the entity, its stream's version and the last event's position."""

    model_config = ConfigDict(frozen=True)

    id: str
    stream_id: str
    stream_version: int
    position: int
    event_ids: list[UUID]


def answer(result: CommandResult) -> Response:
    """201 with a `CommandAnswer` body, serialised directly (routes declare the model for OpenAPI)."""
    body = CommandAnswer(
        id=result.id,
        stream_id=result.stream_id,
        stream_version=result.stream_version,
        position=result.position,
        event_ids=result.event_ids,
    )
    return Response(body.model_dump_json().encode(), status_code=201, media_type="application/json")
