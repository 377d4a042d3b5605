"""A command's JSON body is read as written: a key given twice in one object, at any depth, is a
422 naming it, in the caller's language; a body without one is read as before."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from niangjia_kit import bodies
from niangjia_kit.bodies import StrictJsonRoute, repeated_paths
from niangjia_kit.errors import install_error_handlers
from niangjia_kit.rules import MOST_FIELDS
from pydantic import BaseModel


class Inner(BaseModel):
    name: str


class Body(BaseModel):
    reason: str
    inner: Inner | None = None
    counts: list[int] = []


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter(route_class=StrictJsonRoute)

    @router.post("/retraction")
    async def retract(body: Body) -> dict[str, object]:
        return body.model_dump()

    app.include_router(router)
    return TestClient(app, raise_server_exceptions=False)


def test_a_body_without_a_repeated_key_is_read(client: TestClient) -> None:
    answer = client.post("/retraction", json={"reason": "重复录入", "inner": {"name": "a"}})
    assert answer.json() == {"reason": "重复录入", "inner": {"name": "a"}, "counts": []}


@pytest.mark.parametrize(
    ("body", "key"),
    [
        (b'{"reason": "a", "reason": "b"}', "reason"),
        (b'{"reason": "a", "inner": {"name": "a", "name": "b"}}', "inner.name"),  # by its path, as pydantic's fields
    ],
)
def test_a_key_given_twice_is_refused_by_name(client: TestClient, body: bytes, key: str) -> None:
    headers = {"Content-Type": "application/json"}
    english = client.post("/retraction", content=body, headers=headers)
    chinese = client.post("/retraction", content=body, headers=headers | {"Accept-Language": "zh-CN"})
    assert (english.status_code, chinese.status_code) == (422, 422)
    error = english.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"] == f"the request is invalid: {key}: given more than once; give it once"
    assert error["fields"] == [
        {"field": key, "location": "body", "reason": "given more than once; give it once", "type": "repeated_key"}
    ]
    assert chinese.json()["error"]["fields"][0]["reason"] == "同一个字段只能给出一次"


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ('{"a": 1, "a": 2}', ["a"]),
        (
            ' { "p" : {"n": "x", "n" : "y"}, "l": [{"k": 1, "k": [1, 2, {"z": null, "z": true}]}, "s\\"q"], "p": 2} ',
            ["p.n", "l.0.k", "l.0.k.2.z", "p"],
        ),
        ('[{"x": 1, "x": 1}]', ["0.x"]),
        ('{"\\u0061": 1, "a": 2, "b": -1.5e3, "c": [], "d": {}}', ["a"]),  # an escaped key is the same key
        ('{"a": {"b": 1}, "c": {"b": 2}}', []),  # one key in two objects is no repetition
    ],
)
def test_each_repeated_key_is_found_by_its_path(text: str, paths: list[str]) -> None:
    assert repeated_paths(text) == paths


def test_a_repeated_key_nested_too_deep_to_walk_is_named_by_itself(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_deep(text: str) -> list[str]:
        raise RecursionError

    monkeypatch.setattr(bodies, "repeated_paths", too_deep)
    body = b'{"reason": "a", "inner": {"name": "a", "name": "b"}}'
    error = client.post("/retraction", content=body, headers={"Content-Type": "application/json"}).json()["error"]
    assert [f["field"] for f in error["fields"]] == ["name"]


@pytest.mark.parametrize(
    ("body", "first"),
    [
        ("{" + ",".join(f'"k{i}": 1, "k{i}": 2' for i in range(3000)) + "}", "k0"),  # keys given twice
        ('{"reason": "a", "counts": [' + ",".join(['"x"'] * 5000) + "]}", "counts.0"),  # bad items of a list
    ],
)
def test_a_body_with_thousands_of_faults_is_refused_naming_the_first_few(
    client: TestClient, body: str, first: str
) -> None:
    answer = client.post("/retraction", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    fields = answer.json()["error"]["fields"]
    assert len(fields) == MOST_FIELDS and fields[0]["field"] == first
    assert len(answer.content) < len(body)  # not an answer many times the request's size
