"""Every status a route can answer, in its OpenAPI, with the one error shape.

The routes declare what is theirs (a 404's meaning, a 409's rules); what every route shares is added
here when the document is built: 400 (a body that is not JSON), 401 and 403 (tokens and roles),
404 (an unknown or hidden id, on a path with one), 413 (a body over the limit), 422 (an invalid
parameter, header or body) and 503 (the event store or the read models cannot answer). Each error
response gets the `Error` schema, keeping the route's own description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from niangjia_kit.rules import MOST_FIELDS

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "Stable and machine-readable"},
                "message": {"type": "string", "description": "In the caller's language (Accept-Language)"},
                "fields": {
                    "type": "array",
                    "items": {"type": "object", "additionalProperties": {"type": "string"}},
                    "maxItems": MOST_FIELDS,
                    "description": f"For 422: each field and the reason (the first {MOST_FIELDS})",
                },
            },
            "additionalProperties": True,
        }
    },
}
_REF = {"$ref": "#/components/schemas/Error"}
_OPEN = frozenset({"/health", "/metrics", "/openapi.json", "/", "/dashboard/static/{name}"})
UNAUTHENTICATED_401 = "No bearer token, an unknown or revoked one, or more than one Authorization header"
"""What a 401 means, on every route that takes a token."""
_SHARED = {
    400: "The request could not be read (a body that is not JSON)",
    401: UNAUTHENTICATED_401,
    403: "The role may not do this",
    404: "No such resource, or one outside the token's scope (the same answer)",
    413: "The request body is too large",
    422: "The request is invalid: each parameter, header or field and the reason",
    503: "The event store or the read models cannot answer now; retry later",
}


def _statuses(path: str, operation: dict[str, Any]) -> list[int]:
    statuses = [503]
    if path not in _OPEN:
        statuses += [401, 403]
    if "{" in path:
        statuses.append(404)
    if operation.get("parameters") or "requestBody" in operation:
        statuses.append(422)
    if "requestBody" in operation:
        statuses += [400, 413]
    return statuses


def _not_null(parameter: dict[str, Any]) -> None:
    """An optional header or query parameter is absent, never null: `anyOf [X, null]` becomes X (a
    client reading the union would send the text "null", which is not X)."""
    schema = parameter.get("schema", {})
    variants = schema.get("anyOf")
    if parameter.get("in") in {"header", "query"} and variants and {"type": "null"} in variants:
        rest = [v for v in variants if v != {"type": "null"}]
        del schema["anyOf"]
        schema.update(rest[0] if len(rest) == 1 else {"anyOf": rest})


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the shared error responses and the `Error` schema to every operation of `schema`."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                _not_null(parameter)
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, operation):
                responses.setdefault(str(status), {"description": _SHARED[status]})
            for status, response in responses.items():
                if status[0] in "45":
                    response.setdefault("description", _SHARED.get(int(status), "An error"))
                    response["content"] = {"application/json": {"schema": _REF}}
    return schema


def install_error_docs(app: FastAPI) -> None:
    """Build the app's OpenAPI document with `document_errors` applied (once, then cached)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        return document_errors(build())

    app.openapi = openapi  # type: ignore[method-assign]
