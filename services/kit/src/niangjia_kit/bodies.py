"""A command's JSON body is read as written, or refused: a key given twice in one object
(`{"reason": "a", "reason": "b"}`) is a 422 naming it, not read as its last.

The JSON parser keeps the last of a repeated key, where a proxy or a firewall in front of a service
may read the first: the two would disagree on what was recorded. The command routers take
`StrictJsonRoute` as their route class: FastAPI reads the body through `StrictJsonRequest`, whose
parse sees each object's pairs (a few µs more a command than the parse alone), and a repeated key
raises `RepeatedKeys`, answered as a 422 `invalid_request` whose field is the key's path as
other refused fields are named (`personal.name`, `community_roles.0.x`; type `repeated_key`, in
the caller's language).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.routing import APIRoute

from niangjia_kit.rules import MOST_FIELDS, InvalidRequest

REPEATED_KEY = "repeated_key"


class RepeatedKeys(HTTPException):
    """A JSON object of the body gives a key more than once (an HTTPException: FastAPI passes those
    on from its reading of the body, where any other error would be a bare 400)."""

    def __init__(self, keys: list[str]) -> None:
        self.fields = [
            {"field": key, "location": "body", "reason": "given more than once; give it once", "type": REPEATED_KEY}
            for key in keys[:MOST_FIELDS]
        ]
        super().__init__(422, InvalidRequest(self.fields).message)  # the same words as every refused field


class _Repeated(Exception):
    """Keys given twice in one object, found by the parse (answered as RepeatedKeys)."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys


def _pairs_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Repeated([key for key, n in Counter(key for key, _ in pairs).items() if n > 1])
    return found


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs_once)
"""One decoder for every body (`json.loads` with a hook makes a new one each call: 3.4 µs)."""
_SCALARS = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def repeated_paths(text: str) -> list[str]:
    """The path of each key given more than once in one object of `text`, a JSON document that
    parses, named as refused fields are (`personal.name`, `items.0.x`), in the order they appear.
    Read only when a body is refused for one (the parse itself does not know where it is)."""
    found: dict[str, None] = {}  # in order, each once

    def space(i: int) -> int:
        end = _SPACE.match(text, i)
        return i if end is None else end.end()

    def value(i: int, path: str) -> int:
        i = space(i)
        if text[i] == "{":
            seen: set[str] = set()
            i = space(i + 1)
            while text[i] != "}":
                key, i = _SCALARS.raw_decode(text, space(i))
                here = f"{path}.{key}" if path else key
                if key in seen:
                    found[here] = None
                seen.add(key)
                i = space(value(space(i) + 1, here))  # after the colon, then the value
                i = i + 1 if text[i] == "," else i
            return i + 1
        if text[i] == "[":
            i, n = space(i + 1), 0
            while text[i] != "]":
                i = space(value(i, f"{path}.{n}" if path else str(n)))
                i, n = (i + 1 if text[i] == "," else i), n + 1
            return i + 1
        return int(_SCALARS.raw_decode(text, i)[1])

    value(0, "")
    return list(found)


def _parse(text: str) -> Any:
    """`text` parsed, or RepeatedKeys naming each repeated key by its path."""
    try:
        return _DECODER.decode(text)
    except _Repeated as repeated:
        try:
            paths = repeated_paths(text) or repeated.keys
        except (RecursionError, ValueError, IndexError):  # nested too deep to walk in Python
            paths = repeated.keys
        raise RepeatedKeys(paths) from None


class StrictJsonRequest(Request):
    """A request whose JSON body refuses a repeated key."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()  # bytes decoded as json.loads decodes them
            self._json = _parse(body.decode(json.detect_encoding(body), "surrogatepass"))
        return self._json


class StrictJsonRoute(APIRoute):
    """A route that reads its JSON body with `StrictJsonRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            request.__class__ = StrictJsonRequest  # the same request, read the strict way: no second one made
            return await handler(request)

        return strict
