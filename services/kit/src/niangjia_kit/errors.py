"""API errors: one JSON shape with a stable machine-readable code and a clear message."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from niangjia_eventstore import EventCorrupted, EventStoreUnavailable, InvalidAppend, StoreRegressed
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from niangjia_kit import messages_zh
from niangjia_kit.bodies import RepeatedKeys
from niangjia_kit.localise import fields_summary, invalid_request_message, localised, prefers_chinese
from niangjia_kit.rules import MOST_FIELDS, DomainError

log = logging.getLogger("niangjia.http")

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    503: "unavailable",
}


STORE_FAULTS = {
    "disk_full": "the event store's disk is full; nothing was written; retry once space is freed",
    "store_read_only": "the event store cannot be written (read-only file or folder); nothing was written; retry later",
    "store_unavailable": "the event store cannot be reached; nothing was written; retry later",
}
"""The English message of each store fault's code (EventStoreUnavailable.code)."""


class ApiError(Exception):
    """An error an entrypoint raises on purpose."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **details: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.details = details


def error_body(code: str, message: str, **details: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    error.update({k: v for k, v in details.items() if v is not None})
    return {"error": error}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **details: Any
) -> JSONResponse:
    return JSONResponse(error_body(code, message, **details), status_code=status, headers=headers)


_error_response = error_response


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_fields(exc: RequestValidationError, *, chinese: bool = False) -> list[dict[str, str]]:
    """Each field in error: its name, where it was, why (in Chinese when `chinese`) and the error's type."""
    fields = []
    for error in exc.errors()[:MOST_FIELDS]:
        loc = tuple(error.get("loc", ()))
        kind = str(error.get("type", "invalid"))
        english = str(error.get("msg", "invalid"))
        field = {
            "field": _field_name(loc),
            "location": str(loc[0]) if loc else "body",
            "reason": messages_zh.reason(kind, error.get("ctx") or {}, english) if chinese else english,
            "type": kind,
        }
        suggestion = (error.get("ctx") or {}).get("suggestion")
        if suggestion:
            field["suggestion"] = str(suggestion)  # the closest valid value (an unknown region's)
        fields.append(field)
    return fields


def install_error_handlers(app: FastAPI) -> None:
    """Every error leaves as the same JSON shape; nothing a client sends becomes a 500. The message
    follows the caller's Accept-Language (niangjia_kit.localise); the code never changes."""

    def error_response(  # the module's error_response, in the caller's language
        request: Request, status: int, code: str, message: str, headers: dict[str, str] | None = None, **details: Any
    ) -> JSONResponse:
        text, said = localised(status, code, message, details, request.headers.get("accept-language"))
        return _error_response(status, code, text, headers, **said)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(request, exc.status, exc.code, exc.message, exc.headers, **exc.details)

    @app.exception_handler(DomainError)
    async def _domain_error(request: Request, exc: DomainError) -> JSONResponse:
        return error_response(request, exc.status, exc.code, exc.message, None, **exc.details)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        chinese = prefers_chinese(request.headers.get("accept-language"))
        fields = validation_fields(exc, chinese=chinese)
        return _error_response(422, "invalid_request", invalid_request_message(fields, chinese=chinese), fields=fields)

    @app.exception_handler(ValidationError)
    async def _record_invalid(request: Request, exc: ValidationError) -> JSONResponse:
        """An event the decider builds from what the store holds (a record corrected, an organiser's
        region) that today's input rules refuse: a 422 naming each field, never a 500."""
        log.warning("%s %s: the record would not be valid: %s", request.method, request.url.path, exc)
        fields = [
            {
                "field": ".".join(str(p) for p in e["loc"]) or "record",
                "location": "record",
                "reason": e["msg"],
                "type": e["type"],
            }
            for e in exc.errors(include_url=False, include_context=False)
        ]
        summary = fields_summary(fields, chinese=False)
        return error_response(request, 422, "invalid_request", f"the record would be invalid: {summary}", fields=fields)

    @app.exception_handler(RepeatedKeys)
    async def _repeated_keys(request: Request, exc: RepeatedKeys) -> JSONResponse:
        return error_response(request, 422, "invalid_request", str(exc.detail), fields=exc.fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(request, exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(InvalidAppend)
    async def _invalid_append(request: Request, exc: InvalidAppend) -> JSONResponse:
        return error_response(request, 422, "invalid_append", str(exc))

    @app.exception_handler(EventStoreUnavailable)
    async def _unavailable(request: Request, exc: EventStoreUnavailable) -> JSONResponse:
        # a full disk, a read-only store file, a store out of reach: nothing was written, and the
        # same request succeeds once the fault is gone (the store heals without a restart)
        log.warning("event store unavailable (%s): %s", exc.code, exc)
        headers = {"Retry-After": str(exc.retry_after)}
        return error_response(request, 503, exc.code, STORE_FAULTS.get(exc.code, str(exc)), headers)

    @app.exception_handler(StoreRegressed)
    async def _regressed(request: Request, exc: StoreRegressed) -> JSONResponse:
        log.error("refused: %s", exc)
        return error_response(request, 503, exc.code, str(exc), position=exc.position, store_head=exc.head)

    @app.exception_handler(EventCorrupted)
    async def _corrupted(request: Request, exc: EventCorrupted) -> JSONResponse:
        log.error("refused: %s", exc)
        return error_response(request, 503, exc.code, str(exc), position=exc.position)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal_error", "an unexpected error occurred; it has been logged")
