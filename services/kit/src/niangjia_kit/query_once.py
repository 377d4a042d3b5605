"""A parameter is given once: `?as_of=2024-01-01&as_of=2024-06-30`, or two `Idempotency-Key`
headers, are refused, not read as one of the two.

FastAPI reads the last of a repeated query parameter that takes one value and the first of a
repeated header, so a report would stand on a date its caller may not have meant, or a command be
keyed by one of two keys, and say nothing. Every route of a service depends on `given_once` (the
app's own dependency): a query parameter or header the route takes one value of, given more than
once, is a 422 `invalid_request` naming it (type `repeated_parameter`); one the route takes a list
of (`groups`) may repeat, and parameters the route does not take are left alone, as they always
were. (Two `Authorization` headers are the token check's to refuse: `auth.authenticate`.)
"""

from __future__ import annotations

import types
import typing
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from niangjia_kit.rules import InvalidRequest

_MANY = (list, tuple, set, frozenset)
REPEATED = "repeated_parameter"
_KEPT = "_niangjia_single_valued"


@dataclass(frozen=True, slots=True)
class _Single:
    """The parameters a route takes one value of: query names, header names (lower case)."""

    query: frozenset[str]
    headers: dict[str, str]
    """lower case -> as the route names it (`Idempotency-Key`)"""


async def given_once(request: Request) -> None:
    """Refuse a query parameter or header the route takes one value of, given more than once."""
    query = request.query_params.multi_items()
    names = [name for name, _ in request.scope.get("headers", ())]
    if len(query) == len(request.query_params) and len(names) == len(set(names)):  # nearly every request
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    single = _single_valued(route)
    repeated = _repeated((name for name, _ in query), single.query, "query")
    sent = (single.headers.get(name.decode("latin-1"), "") for name in names)  # ASGI's names are lower case
    repeated += _repeated(sent, frozenset(single.headers.values()), "header")
    if repeated:
        raise InvalidRequest(repeated)


def _repeated(given: Iterable[str], single: frozenset[str], location: str) -> list[dict[str, str]]:
    times = Counter(given)
    return [
        {"field": name, "location": location, "reason": f"given {n} times; give it once", "type": REPEATED}
        for name, n in times.items()
        if n > 1 and name in single
    ]


def _single_valued(route: APIRoute) -> _Single:
    """What `route` takes one value of (its dependencies' parameters included), found once and kept
    on the route."""
    kept: _Single | None = getattr(route, _KEPT, None)
    if kept is None:
        query = [f.alias for f in _fields(route.dependant, "query") if not _takes_many(f.field_info.annotation)]
        headers = [f.alias for f in _fields(route.dependant, "header") if not _takes_many(f.field_info.annotation)]
        kept = _Single(frozenset(query), {name.lower().replace("_", "-"): name for name in headers})
        setattr(route, _KEPT, kept)
    return kept


def _fields(dependant: Dependant, where: str) -> Iterator[typing.Any]:
    yield from dependant.query_params if where == "query" else dependant.header_params
    for sub in dependant.dependencies:
        yield from _fields(sub, where)


def _takes_many(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_takes_many(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    if origin is typing.Annotated:
        return _takes_many(typing.get_args(annotation)[0])
    return origin in _MANY or annotation in _MANY
