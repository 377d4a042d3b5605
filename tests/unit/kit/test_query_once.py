"""A query parameter is given once: a repeated one the route takes one value of is a 422 naming it,
in the caller's language; one it takes a list of may repeat; one it does not take is left alone."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Header, Query
from fastapi.testclient import TestClient
from niangjia_kit.errors import install_error_handlers
from niangjia_kit.query_once import GivenOnce


async def paging(limit: Annotated[int, Query(ge=1)] = 10) -> int:
    return limit


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(GivenOnce)

    @app.get("/report")
    async def report(
        as_of: date | None = None,
        groups: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI's way to declare a list
        limit: int = Depends(paging),
        key: Annotated[str | None, Header(alias="X-Key")] = None,
    ) -> dict[str, object]:
        return {"as_of": as_of, "groups": groups, "limit": limit}

    return TestClient(app, raise_server_exceptions=False)


def test_a_parameter_given_once_is_read(client: TestClient) -> None:
    answer = client.get("/report", params={"as_of": "2024-06-30", "limit": 3})
    assert answer.json() == {"as_of": "2024-06-30", "groups": [], "limit": 3}


@pytest.mark.parametrize("name", ["as_of", "limit"])  # the route's own, and a dependency's
def test_a_single_valued_parameter_given_twice_is_refused_by_name(client: TestClient, name: str) -> None:
    value = "2024-06-30" if name == "as_of" else "3"
    answer = client.get("/report", params=[(name, value), (name, value)])
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["fields"] == [
        {"field": name, "location": "query", "reason": "given 2 times; give it once", "type": "repeated_parameter"}
    ]


def test_the_refusal_speaks_chinese_when_asked(client: TestClient) -> None:
    params = [("as_of", "2024-01-01"), ("as_of", "2024-06-30")]
    answer = client.get("/report", params=params, headers={"Accept-Language": "zh-CN"})
    assert answer.json()["error"]["message"] == "请求有误，请检查填写的内容：as_of：只能给出一次"


def test_a_list_may_repeat_and_an_unknown_parameter_is_left_alone(client: TestClient) -> None:
    answer = client.get("/report", params=[("groups", "a"), ("groups", "b"), ("other", "1"), ("other", "2")])
    assert answer.status_code == 200
    assert answer.json()["groups"] == ["a", "b"]


def test_a_single_valued_header_given_twice_is_refused(client: TestClient) -> None:
    answer = client.get("/report", headers=[("X-Key", "a"), ("X-Key", "b")])
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0] | {"reason": ""} == {
        "field": "X-Key",
        "location": "header",
        "reason": "",
        "type": "repeated_parameter",
    }
