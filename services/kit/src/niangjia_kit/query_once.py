"""A parameter is given once: `?as_of=2024-01-01&as_of=2024-06-30`, or two `Idempotency-Key`
headers, are refused, not read as one of the two.

FastAPI reads the last of a repeated query parameter that takes one value and the first of a
repeated header, so a report would stand on a date its caller may not have meant, or a command be
keyed by one of two keys, and say nothing. `GivenOnce`, a middleware of every service, refuses a
query parameter or header the route takes one value of, given more than once: a 422
`invalid_request` naming it (type `repeated_parameter`), in the caller's language. One the route
takes a list of (`groups`) may repeat, and parameters the route does not take are left alone, as
they always were. (Two `Authorization` headers are the token check's to refuse: `auth.authenticate`.)

A middleware rather than a dependency of every route: nearly no request repeats a name, and seeing
that costs a scan of the query string and the header names (FastAPI solving one more dependency cost
11 µs on every request). A request that does repeat one is placed among the operations of the app's
own OpenAPI document, which lists each one's parameters, those of its dependencies included.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from niangjia_kit.asgi import HttpMiddleware
from niangjia_kit.errors import error_response
from niangjia_kit.localise import fields_summary, localised

REPEATED = "repeated_parameter"
_TABLE = "single_valued_parameters"
"""Where the app keeps its table of routes (`_table`), in its state."""


@dataclass(frozen=True, slots=True)
class _Single:
    """The parameters of a route (a path template and a method) that take one value."""

    path: re.Pattern[str]
    method: str
    query: frozenset[str]
    headers: dict[str, str]
    """lower case -> as the route names it (`Idempotency-Key`)"""


class GivenOnce(HttpMiddleware):
    """Refuses a query parameter or header the route takes one value of, given more than once."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"")
        names = [name for name, _ in scope.get("headers", ())]
        query_repeats = b"&" in query and _repeats(name for name, _ in _pairs(query))
        if not query_repeats and len(names) == len(set(names)):  # nearly every request
            await self.app(scope, receive, send)
            return
        route = _route_of(scope)
        fields = [] if route is None else _repeated_fields(route, _pairs(query), names)
        if not fields:
            await self.app(scope, receive, send)
            return
        english = f"the request is invalid: {fields_summary(fields, chinese=False, most=None)}"
        language = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"accept-language"), None)
        text, said = localised(422, "invalid_request", english, {"fields": fields}, language)
        await error_response(422, "invalid_request", text, None, **said)(scope, receive, send)


def _pairs(query: bytes) -> list[tuple[str, str]]:
    return parse_qsl(query.decode("latin-1"), keep_blank_values=True)


def _repeats(names: Iterable[str]) -> bool:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return True
        seen.add(name)
    return False


def _route_of(scope: Scope) -> _Single | None:
    """The documented route the request goes to: its path template and method, the fewest parameters
    in the path first (`/federations/search` before `/federations/{federation_id}`)."""
    path, method = scope.get("path", ""), scope.get("method", "")
    return next((r for r in _table(scope["app"]) if r.method == method and r.path.fullmatch(path)), None)


def _table(app: FastAPI) -> list[_Single]:
    """Every documented operation's parameters that take one value, read from the app's own OpenAPI
    document (what it declares, dependencies included), once."""
    table: list[_Single] | None = getattr(app.state, _TABLE, None)
    if table is None:
        table = []
        for template, operations in app.openapi().get("paths", {}).items():
            pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)))
            for method, operation in operations.items():
                single = [p for p in operation.get("parameters", []) if not _takes_many(p.get("schema", {}))]
                query = frozenset(p["name"] for p in single if p["in"] == "query")
                headers = {p["name"].lower(): p["name"] for p in single if p["in"] == "header"}
                table.append(_Single(pattern, method.upper(), query, headers))
        table.sort(key=lambda r: r.path.pattern.count("[^/]+"))
        setattr(app.state, _TABLE, table)
    return table


def _repeated_fields(route: _Single, query: list[tuple[str, str]], names: list[bytes]) -> list[dict[str, str]]:
    fields = _repeated((name for name, _ in query), route.query, "query")
    sent = (route.headers.get(name.decode("latin-1"), "") for name in names)  # ASGI's names are lower case
    return fields + _repeated(sent, frozenset(route.headers.values()), "header")


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
