"""A query parameter is given once: `?as_of=2024-01-01&as_of=2024-06-30` is refused, not read as
one of the two.

FastAPI reads the last of a repeated parameter that takes one value, so a report would stand on a
date its caller may not have meant, and say nothing. Every route of a service depends on
`given_once` (the app's own dependency): a parameter the route takes one value of, given more than
once, is a 422 `invalid_request` naming it (type `repeated_parameter`); one the route takes a list of
(`groups`) may repeat, and parameters the route does not take are left alone, as they always were.
"""

from __future__ import annotations

import types
import typing
from collections import Counter
from collections.abc import Iterator

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from niangjia_kit.rules import InvalidRequest

_MANY = (list, tuple, set, frozenset)
REPEATED = "repeated_parameter"
_KEPT = "_niangjia_single_valued"


async def given_once(request: Request) -> None:
    """Refuse a query parameter the route takes one value of, given more than once."""
    query = request.query_params
    if len(query.multi_items()) == len(query):  # no name repeats: nearly every request
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    single = _single_valued(route)
    times = Counter(name for name, _ in query.multi_items())
    repeated = [(name, n) for name, n in times.items() if n > 1 and name in single]
    if repeated:
        raise InvalidRequest(
            [
                {"field": name, "location": "query", "reason": f"given {n} times; give it once", "type": REPEATED}
                for name, n in repeated
            ]
        )


def _single_valued(route: APIRoute) -> frozenset[str]:
    """The names of the query parameters `route` takes one value of (its dependencies' included),
    found once and kept on the route."""
    kept: frozenset[str] | None = getattr(route, _KEPT, None)
    if kept is None:
        fields = _query_fields(route.dependant)
        kept = frozenset(field.alias for field in fields if not _takes_many(field.field_info.annotation))
        setattr(route, _KEPT, kept)
    return kept


def _query_fields(dependant: Dependant) -> Iterator[typing.Any]:
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _query_fields(sub)


def _takes_many(annotation: object) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_takes_many(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    if origin is typing.Annotated:
        return _takes_many(typing.get_args(annotation)[0])
    return origin in _MANY or annotation in _MANY
