"""Bad input: each class refused with a clear 4xx and its code, nothing appended, never a 500 (the
services' logs are checked for tracebacks when the stack stops).

The strict-input classes (numbers and booleans as strings, dates as integers or out of bounds,
control and bidirectional characters, oversized integers in queries and Last-Event-ID) belong in
BAD_INPUTS below, one (service, method, path, token, request, status, code) row each.
"""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.hostile.conftest import WUJIN, Stack, federation

pytestmark = pytest.mark.e2e

Row = tuple[str, str, str, str, dict[str, Any], int, str]


def founding(request: dict[str, Any], status: int = 422, code: str = "invalid_request") -> Row:
    """A row for a recorder's POST /federations."""
    return ("orgs", "POST", "/federations", "recorder", request, status, code)


JSON = {"Content-Type": "application/json"}
DEEP = b'{"x":' * 1000
BAD_INPUTS: list[Row] = [
    founding({"content": b"\xff\xfe\x00", "headers": JSON}, 400, "bad_request"),
    founding({"content": b"{not json", "headers": JSON}),
    founding({"json": {**federation("h-bad", WUJIN), "extra": 1}}),
    founding({"json": federation("h-bad", "火星/奥林匹斯")}),
    founding({"json": federation("h-bad", WUJIN, name="x" * (2 * 1024 * 1024))}, 413, "body_too_large"),
    founding({"json": federation("../../etc", WUJIN)}),
    # a key given twice: a proxy may read the first, the JSON parser reads the last
    founding(
        {
            "content": b'{"federation_id": "h-dup1", ' + json.dumps(federation("h-dup2", WUJIN))[1:].encode(),
            "headers": JSON,
        }
    ),
    # nested past the JSON parser's depth, with a key (the retry's fingerprint reads the body too)
    founding({"content": DEEP, "headers": {"Content-Type": "text/plain", "Idempotency-Key": "deep-1"}}),
    founding(
        {"content": DEEP + b"1" + b"}" * 1000, "headers": {**JSON, "Idempotency-Key": "deep-2"}}, 400, "bad_request"
    ),
    (
        "activities",
        "POST",
        "/care-activities/a-1/retraction",
        "recorder",
        {"content": DEEP, "headers": {"Content-Type": "text/plain", "Idempotency-Key": "deep-3"}},
        422,
        "invalid_request",
    ),
    (
        "orgs",
        "POST",
        "/federations/wj-park/inspections",
        "recorder",
        {"json": {"inspected_on": "2024-01-01", "finding": "active"}, "headers": {"X-Correlation-ID": "not-a-uuid"}},
        422,
        "invalid_request",
    ),
    (
        "activities",
        "POST",
        "/care-activities",
        "recorder",
        {"json": {"organiser_id": "wj-park"}},
        422,
        "invalid_request",
    ),
    (
        "projections",
        "GET",
        "/audit/log",
        "auditor",
        {"params": {"recorded_from": "2024-01-01T00:00:00"}},
        422,
        "invalid_request",
    ),
    ("projections", "GET", "/dormant", "reporter", {"headers": {"X-Log-Receipt": "yes"}}, 422, "invalid_header"),
    # not a route: no redirect to a Location made of the Host header
    ("projections", "GET", "/counts/", "reporter", {"headers": {"Host": "elsewhere.example"}}, 404, "not_found"),
    ("orgs", "POST", "/federations/", "recorder", {"json": federation("h-slash", WUJIN)}, 404, "not_found"),
]


@pytest.mark.parametrize(("service", "method", "path", "token", "request_", "status", "code"), BAD_INPUTS)
def test_bad_input_is_refused_with_its_code_and_records_nothing(
    stack: Stack, service: str, method: str, path: str, token: str, request_: dict[str, Any], status: int, code: str
) -> None:
    before = stack.events()
    answer = stack.call(service, method, path, token, **request_)
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code), answer.text[:500]
    assert answer.json()["error"]["message"]
    assert stack.events() == before


UNPARSABLE = {
    "a URL of raw UTF-8": "GET /counts?region=江苏省 HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
    "a request line of 80 KB": b"GET /counts?" + b"a=1&" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "no request at all": b"HELLO\r\n\r\n",
    "a header name with a space": b"GET /counts HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
}


@pytest.mark.parametrize("sent", UNPARSABLE.values(), ids=UNPARSABLE.keys())
@pytest.mark.parametrize("service", ["orgs", "projections"])
def test_a_request_that_is_not_http_is_refused_in_the_error_shape(stack: Stack, service: str, sent: bytes) -> None:
    """uvicorn answers these before the application sees them: the answer is still JSON with a code
    and a sentence that says what to do (it was plain text)."""
    before = stack.events()
    url = urlsplit({"orgs": stack.orgs, "projections": stack.projections}[service].url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
        conn.sendall(sent)
        answer = b""
        while chunk := conn.recv(65_536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"content-type: application/json" in head.lower()
    error = json.loads(body)["error"]
    assert error["code"] == "malformed_http" and "percent-encode" in error["message"]
    assert stack.events() == before
