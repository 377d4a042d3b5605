"""Parameters as declared: a query parameter the route does not take, or one it takes one value of
given twice (a header too), is a 422 naming it, in the caller's language; a list may repeat; a
header the route does not declare is left alone; a route the OpenAPI document leaves out is not
checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Header, Query
from fastapi.testclient import TestClient
from niangjia_kit.errors import install_error_handlers
from niangjia_kit.parameters import StrictParameters
from niangjia_kit.rules import MOST_FIELDS


async def paging(limit: Annotated[int, Query(ge=1)] = 10) -> int:
    return limit


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(StrictParameters)

    @app.get("/report")
    async def report(
        as_of: date | None = None,
        groups: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI's way to declare a list
        limit: int = Depends(paging),
        key: Annotated[str | None, Header(alias="X-Key")] = None,
    ) -> dict[str, object]:
        return {"as_of": as_of, "groups": groups, "limit": limit}

    @app.get("/page", include_in_schema=False)
    async def page() -> dict[str, object]:
        return {}

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


def test_a_list_may_repeat_and_an_undeclared_header_or_route_is_left_alone(client: TestClient) -> None:
    answer = client.get(
        "/report", params=[("groups", "a"), ("groups", "b")], headers=[("X-Other", "1"), ("X-Other", "2")]
    )
    assert answer.status_code == 200
    assert answer.json()["groups"] == ["a", "b"]
    assert client.get("/page", params={"v": "1"}).status_code == 200


@pytest.mark.parametrize(
    ("name", "reason", "zh"),
    [
        ("as_off", "not a parameter of this request; did you mean as_of?", "不是此请求的参数，是否指 as_of？"),
        ("as-of", "not a parameter of this request; did you mean as_of?", "不是此请求的参数，是否指 as_of？"),
        ("colour", "not a parameter of this request", "不是此请求的参数"),
    ],
)
def test_a_parameter_the_route_does_not_take_is_refused_with_the_closest_one(
    client: TestClient, name: str, reason: str, zh: str
) -> None:
    english = client.get("/report", params={name: "2024-06-30"})
    chinese = client.get("/report", params={name: "2024-06-30"}, headers={"Accept-Language": "zh-CN"})
    assert (english.status_code, chinese.status_code) == (422, 422)
    field = english.json()["error"]["fields"][0]
    assert (field["field"], field["location"], field["type"], field["reason"]) == (
        name,
        "query",
        "unknown_parameter",
        reason,
    )
    assert chinese.json()["error"]["fields"][0]["reason"] == zh


def test_a_single_valued_header_given_twice_is_refused(client: TestClient) -> None:
    answer = client.get("/report", headers=[("X-Key", "a"), ("X-Key", "b")])
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0] | {"reason": ""} == {
        "field": "X-Key",
        "location": "header",
        "reason": "",
        "type": "repeated_parameter",
    }


def test_a_query_of_thousands_of_unknown_parameters_is_refused_naming_the_first_few(client: TestClient) -> None:
    query = "&".join(f"p{i}=x" for i in range(3000))
    answer = client.get(f"/report?as_of=2024-06-30&{query}&as_of=2024-07-01")
    assert answer.status_code == 422
    fields = answer.json()["error"]["fields"]
    assert [f["field"] for f in fields] == [f"p{i}" for i in range(MOST_FIELDS)]
    assert len(answer.content) < 10_000  # not an answer many times the request's size


def test_a_service_writes_its_openapi_document_as_it_starts(tmp_path: Path) -> None:
    # the routes' parameters are read from it: written at the first request, it held that request up
    from niangjia_eventstore.memory import InMemoryEventStore
    from niangjia_kit.http import create_service_app
    from niangjia_kit.settings import ServiceSettings

    settings = ServiceSettings(data_dir=tmp_path)
    app = create_service_app(service="t", title="t", settings=settings, routers=[], store=InMemoryEventStore())
    assert app.openapi_schema is None
    with TestClient(app):
        assert app.openapi_schema is not None
        assert "/health" in app.openapi_schema["paths"]
