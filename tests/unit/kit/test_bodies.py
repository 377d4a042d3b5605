"""A command's JSON body is read as written: a key given twice in one object, at any depth, is a
422 naming it, in the caller's language; a body without one is read as before."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from niangjia_kit.bodies import StrictJsonRoute
from niangjia_kit.errors import install_error_handlers
from pydantic import BaseModel


class Inner(BaseModel):
    name: str


class Body(BaseModel):
    reason: str
    inner: Inner | None = None


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
    assert answer.json() == {"reason": "重复录入", "inner": {"name": "a"}}


@pytest.mark.parametrize(
    ("body", "key"),
    [(b'{"reason": "a", "reason": "b"}', "reason"), (b'{"reason": "a", "inner": {"name": "a", "name": "b"}}', "name")],
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
