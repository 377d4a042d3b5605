"""Every route of every service, asked what a hostile client would ask: each operation of each
service's OpenAPI document, with its path and query parameters and its body's fields set to values
chosen to break parsers (impossible dates, numbers past every bound, control and bidirectional
characters, paths that climb out, JSON nested past the parser's depth, bodies of the wrong type or
content type), under several roles, with and without an Idempotency-Key; and every raw body, as
JSON and as text, with a key, by an admin and by a recorder (who pass the checks that come first);
every query parameter given twice, and one the operation does not take.

Whatever is sent, the answer is not a 5xx, its status is one the operation's OpenAPI lists, a refusal
carries the error shape with a stable code, and the store holds no event more. The requests are
drawn from a fixed seed per operation: the same ones on every run.
"""

from __future__ import annotations

import itertools
import json
import random
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.hostile.conftest import WUJIN, Stack

pytestmark = pytest.mark.e2e

TRIALS = 8
"""Requests per operation."""
HOSTILE = [
    "",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "true",
    "null",
    "[]",
    "{}",
    "a" * 5000,
    "2024-02-30",
    "2024-13-01",
    "0000-01-01",
    "9999-12-31",
    "2024-06-30T25:00:00Z",
    "2024-06-30T10:00:00+99:00",
    "../../etc/passwd",
    "\x00",
    "\u202e",
    "\ud800",
    "\t",
    "１２３",
    "Q5",
    "-2024",
    "x'; DROP TABLE events;--",
    f"{WUJIN}//湖塘镇",
    "wj-park",
]
"""Values for every parameter and field (a string each; JSON bodies also get numbers, lists and objects)."""
BODIES: list[bytes] = [
    b"",
    b"{",
    b"[]",
    b"null",
    b"1",
    b'"text"',
    b'{"x":' * 1000,
    b'{"x":' * 1000 + b"1" + b"}" * 1000,
    b"[" * 100_000,
    b"\xff\xfe\x00",
    b'{"reason": "a", "reason": "b"}',
]
"""Raw bodies, whatever the route takes."""
OTHER_VALUES: list[Any] = [0, -1, 10**30, 1.5, True, None, [], {}, [1, 2], {"a": "\u202e"}]
ROLES = ("admin", "wujin_recorder", "reporter", "integrator")
CONTENT_TYPES = ("application/json", "text/plain", "application/json; charset=latin1", "multipart/form-data")


def operations(stack: Stack) -> list[tuple[str, str, str, dict[str, Any], dict[str, Any]]]:
    """(service, method, path, operation, the document's schemas) of every service."""
    found = []
    for service in ("orgs", "activities", "projections"):
        document = stack.call(service, "GET", "/openapi.json").json()
        schemas = document.get("components", {}).get("schemas", {})
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    found.append((service, method.upper(), path, operation, schemas))
    return found


def text(value: str) -> str:
    """`value` as it can travel in a URL (a lone surrogate as the bytes a client would send)."""
    return quote(value, safe="", errors="surrogatepass")


def body_fields(operation: dict[str, Any], schemas: dict[str, Any]) -> list[str]:
    """The names of the fields of the operation's JSON body, when its document names them."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref", "")
    schema = schemas.get(ref.rpartition("/")[2], {})
    return list(schema.get("properties", {}))


def request_for(
    draw: random.Random, path: str, operation: dict[str, Any], schemas: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """One hostile request of the operation: its URL path and httpx's keyword arguments."""
    url, params = path, {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":  # never empty: that would be another path
            url = url.replace("{" + parameter["name"] + "}", text(draw.choice(HOSTILE[1:])))
        elif parameter["in"] == "query" and draw.random() < 0.7:
            params[parameter["name"]] = draw.choice(HOSTILE)
    query = "&".join(f"{text(name)}={text(value)}" for name, value in params.items())
    headers = {"Content-Type": draw.choice(CONTENT_TYPES)}
    if draw.random() < 0.5:
        headers["Idempotency-Key"] = draw.choice(["k-1", "x" * 300, "a b"])
    kwargs: dict[str, Any] = {"headers": headers}
    if "requestBody" in operation:
        fields = body_fields(operation, schemas)
        if fields and draw.random() < 0.6:
            values = {name: draw.choice([*HOSTILE, *OTHER_VALUES]) for name in fields}
            kwargs["content"] = json.dumps(values, ensure_ascii=False).encode("utf-8", "surrogatepass")
        else:
            kwargs["content"] = draw.choice(BODIES)
    return url + ("?" + query if query else ""), kwargs


def test_no_request_to_any_route_breaks_it_or_records_anything(stack: Stack) -> None:
    before = stack.events()
    found: list[str] = []
    for service, method, path, operation, schemas in operations(stack):
        documented = set(operation.get("responses", {}))
        draw = random.Random(f"{service} {method} {path}")  # the same requests on every run
        asks = [(draw.choice(ROLES), *request_for(draw, path, operation, schemas)) for _ in range(TRIALS)]
        if "requestBody" in operation:  # every raw body, as JSON and as text, with a key, by two roles
            url, _ = request_for(draw, path, operation, schemas)
            for role, body, kind in itertools.product(("admin", "wujin_recorder"), BODIES, CONTENT_TYPES[:2]):
                asks.append((role, url, {"headers": {"Content-Type": kind, "Idempotency-Key": "k-2"}, "content": body}))
        queried = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        if queried:  # each query parameter given twice
            url, kwargs = request_for(draw, path, operation, schemas)
            twice = "&".join(f"{text(name)}={text(draw.choice(HOSTILE))}" for name in queried for _ in range(2))
            asks.append(("admin", url.partition("?")[0] + "?" + twice, kwargs))
            asks.append(("admin", url.partition("?")[0] + f"?{text(queried[0])}x=1", kwargs))  # not one it takes
        for role, url, kwargs in asks:
            status, body = asked(stack, service, method, url, role, kwargs)
            said = f"{service} {method} {url[:160]} {kwargs['headers']} -> {status} {body[:200]!r}"
            if status >= 500 or str(status) not in documented:
                found.append(said)
            elif status >= 400 and not _has_code(body):
                found.append("no error code: " + said)
            elif 200 <= status < 300 and method != "GET":
                found.append("accepted: " + said)
    assert not found, "\n".join(found[:40])
    assert stack.events() == before


def asked(stack: Stack, service: str, method: str, url: str, role: str, kwargs: dict[str, Any]) -> tuple[int, bytes]:
    """The status of one request, and its body when refused (an accepted answer may be a stream that
    never ends, the feed's: it is not read)."""
    base = {"orgs": stack.orgs, "activities": stack.activities, "projections": stack.projections}[service].url
    headers = {**kwargs["headers"], "Authorization": f"Bearer {stack.tokens[role]}"}
    content = kwargs.get("content")
    with httpx.stream(method, base + url, headers=headers, content=content, timeout=30) as answer:
        if answer.status_code < 400:
            return answer.status_code, b""
        return answer.status_code, answer.read()


def _has_code(body: bytes) -> bool:
    try:
        error = json.loads(body)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(error, dict) and bool(error.get("code")) and bool(error.get("message"))
