"""A request's parameters are read as written, or refused: a query parameter the route does not take
(`?as_off=2024-06-30`, `?known-at=…`), or one it takes one value of given twice
(`?as_of=2024-01-01&as_of=2024-06-30`, two `Idempotency-Key` headers), is a 422.

FastAPI ignores a query parameter a route does not declare, reads the last of a repeated one and the
first of a repeated header: a report asked `as_off` (a slip of the keyboard) stood on today and
said nothing, one asked two dates stood on one of them, a command with two keys was keyed by one.
`StrictParameters`, a middleware of every service, refuses each with a 422 `invalid_request` naming
the parameter, in the caller's language: type `unknown_parameter` (with the closest parameter the
route does take as `suggestion`) or `repeated_parameter`. A parameter the route takes a list of
(`groups`) may repeat. Headers the route does not declare are left alone (clients and proxies send
many), and so are query parameters sent to an operation that takes none (`/health?…`); two
`Authorization` headers are the token check's to refuse (`auth.authenticate`). Routes the OpenAPI
document leaves out (the dashboard's page and files) are not checked.

A middleware rather than a dependency of every route: FastAPI solving one more dependency cost 11 µs
on every request. A request without a query string and without a repeated header name (nearly every
command) costs a scan of its header names; one with a query string is placed among the operations of
the app's own OpenAPI document, which lists each one's parameters, those of its dependencies included.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from niangjia_kit.asgi import HttpMiddleware
from niangjia_kit.errors import error_response
from niangjia_kit.localise import localised
from niangjia_kit.rules import MOST_FIELDS, InvalidRequest

REPEATED, UNKNOWN = "repeated_parameter", "unknown_parameter"
_PARAMETER = re.compile(r"\\\{[^}]+\\\}")
"""A path parameter in an escaped path template."""


@dataclass(frozen=True, slots=True)
class _Operation:
    """What an operation (a path template and a method) takes: its query parameters, those of them
    that take one value, and its headers that take one value."""

    query: frozenset[str]
    single: frozenset[str]
    headers: dict[str, str]
    """lower case -> as the operation names it (`Idempotency-Key`)"""


class _Routes:
    """The app's documented operations by method: exact paths first, then templates in the order of
    the fewest path parameters (`/federations/search` before `/federations/{federation_id}`)."""

    def __init__(self, app: FastAPI) -> None:
        self.exact: dict[tuple[str, str], _Operation] = {}
        self.templates: dict[str, list[tuple[re.Pattern[str], _Operation]]] = {}
        for template, operations in app.openapi().get("paths", {}).items():
            escaped = re.escape(template)
            pattern = re.compile(_PARAMETER.sub("[^/]+", escaped))
            for method, operation in operations.items():
                found = _declared(operation.get("parameters", []))
                if pattern.pattern == escaped:
                    self.exact[(method.upper(), template)] = found
                else:
                    self.templates.setdefault(method.upper(), []).append((pattern, found))
        for candidates in self.templates.values():
            candidates.sort(key=lambda candidate: candidate[0].pattern.count("[^/]+"))

    def find(self, method: str, path: str) -> _Operation | None:
        found = self.exact.get((method, path))
        if found is None:
            found = next((op for pattern, op in self.templates.get(method, ()) if pattern.fullmatch(path)), None)
        return found


class StrictParameters(HttpMiddleware):
    """Refuses a query parameter the route does not take, and a query parameter or header it takes
    one value of given more than once."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self._routes: _Routes | None = None
        """the app's table, read from its OpenAPI document at the first request with a query"""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"")
        names = [name for name, _ in scope.get("headers", ())]
        repeated_header = len(names) != len(set(names))
        if not query and not repeated_header:  # nearly every command
            await self.app(scope, receive, send)
            return
        if self._routes is None:
            self._routes = _Routes(scope["app"])
        operation = self._routes.find(scope.get("method", ""), scope.get("path", ""))
        if operation is None:
            await self.app(scope, receive, send)
            return
        given = _names(query)
        if not repeated_header and _as_declared(operation, given):  # nearly every report
            await self.app(scope, receive, send)
            return
        fields = _refused(operation, given, names)
        if not fields:
            await self.app(scope, receive, send)
            return
        refusal = InvalidRequest(fields)  # answered here as its handler answers it: no route runs
        language = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"accept-language"), None)
        text, said = localised(refusal.status, refusal.code, refusal.message, refusal.details, language)
        await error_response(refusal.status, refusal.code, text, None, **said)(scope, receive, send)


def _names(query: bytes) -> list[str]:
    """The names of a query string's parameters, as the framework reads them (percent-decoded)."""
    names = []
    for part in query.split(b"&"):
        if part:
            name = part.partition(b"=")[0]
            text = name.decode("latin-1")
            names.append(unquote_plus(text) if b"%" in name or b"+" in name else text)
    return names


def _as_declared(operation: _Operation, given: list[str]) -> bool:
    """Whether every name is one the operation takes, none that takes one value given twice."""
    if not operation.query:
        return True
    seen: set[str] = set()
    for name in given:
        if name not in operation.query or (name in seen and name in operation.single):
            return False
        seen.add(name)
    return True


def _declared(parameters: list[dict[str, Any]]) -> _Operation:
    single = [p for p in parameters if not _takes_many(p.get("schema", {}))]
    return _Operation(
        query=frozenset(p["name"] for p in parameters if p["in"] == "query"),
        single=frozenset(p["name"] for p in single if p["in"] == "query"),
        headers={p["name"].lower(): p["name"] for p in single if p["in"] == "header"},
    )


def _refused(operation: _Operation, query: list[str], names: list[bytes]) -> list[dict[str, str]]:
    """The fields of the refusal: each unknown query parameter, each repeated single-valued one."""
    fields = []
    unknown = (name for name in query if name not in operation.query) if operation.query else ()
    # an operation that takes none (`/health`) ignores them, as before; the first MOST_FIELDS are named
    # (a query of thousands would otherwise cost a closest match each)
    for name in itertools.islice(dict.fromkeys(unknown), MOST_FIELDS):
        field = {"field": name, "location": "query", "reason": "not a parameter of this request", "type": UNKNOWN}
        closest = difflib.get_close_matches(name.replace("-", "_"), sorted(operation.query), n=1, cutoff=0.6)
        if closest:
            field |= {
                "reason": f"not a parameter of this request; did you mean {closest[0]}?",
                "suggestion": closest[0],
            }
        fields.append(field)
    fields += _repeated(query, operation.single, "query")
    sent = (operation.headers.get(name.decode("latin-1"), "") for name in names)  # ASGI's names are lower case
    return (fields + _repeated(sent, frozenset(operation.headers.values()), "header"))[:MOST_FIELDS]


def _repeated(given: Iterable[str], single: frozenset[str], location: str) -> list[dict[str, str]]:
    times = Counter(given)
    return [
        {"field": name, "location": location, "reason": f"given {n} times; give it once", "type": REPEATED}
        for name, n in times.items()
        if n > 1 and name in single
    ]


def _takes_many(schema: dict[str, Any]) -> bool:
    """Whether a parameter's JSON Schema takes a list (an array, or one of its choices is)."""
    return schema.get("type") == "array" or any(_takes_many(choice) for choice in schema.get("anyOf", []))
