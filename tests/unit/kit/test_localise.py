"""Error messages follow Accept-Language (zh when preferred, English otherwise); the code never changes."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from niangjia_kit.errors import ApiError, install_error_handlers
from niangjia_kit.localise import prefers_chinese
from niangjia_kit.rules import InvalidRequest
from pydantic import BaseModel


class Record(BaseModel):
    f0: int
    f1: int
    f2: int
    f3: int
    f4: int
    f5: int


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/scope")
    async def scope() -> None:
        raise ApiError(403, "out_of_scope", "token scope A does not cover region B", scope="江苏省", region="重庆市")

    @app.get("/odd")
    async def odd() -> None:
        raise ApiError(409, "some_new_rule", "a rule with no Chinese sentence yet")

    @app.get("/count")
    async def count(n: int) -> int:
        return n

    @app.get("/record")
    async def record() -> None:
        Record.model_validate({f"f{i}": "x" for i in range(6)})

    return TestClient(app)


@pytest.mark.parametrize(
    ("header", "chinese"),
    [
        ("zh-CN", True),
        ("zh-CN,zh;q=0.9,en;q=0.8", True),
        ("en-GB,zh;q=0.5", False),
        ("en;q=0.2, zh-TW;q=0.8", True),
        ("", False),
        (None, False),
        ("fr;q=abc", False),
    ],
)
def test_the_preferred_language(header: str | None, chinese: bool) -> None:
    assert prefers_chinese(header) is chinese


def test_english_stays_the_default(client: TestClient) -> None:
    body = client.get("/scope").json()["error"]
    assert body == {
        "code": "out_of_scope",
        "message": "token scope A does not cover region B",
        "scope": "江苏省",
        "region": "重庆市",
    }


def test_chinese_on_request_with_the_same_code(client: TestClient) -> None:
    body = client.get("/scope", headers={"Accept-Language": "zh-CN"}).json()["error"]
    assert body["code"] == "out_of_scope"
    assert body["message"] == "当前令牌的区域范围（江苏省）不包括 重庆市"


def test_validation_keeps_its_detail_in_chinese(client: TestClient) -> None:
    response = client.get("/count", params={"n": "many"}, headers={"Accept-Language": "zh"})
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid_request"
    assert body["message"].startswith("请求有误，请检查填写的内容：")
    assert body["message"] == "请求有误，请检查填写的内容：n：应为整数"
    assert body["fields"] == [{"field": "n", "location": "query", "reason": "应为整数", "type": "int_parsing"}]


def test_a_code_without_a_sentence_gets_its_status_sentence(client: TestClient) -> None:
    body = client.get("/odd", headers={"Accept-Language": "zh-CN"}).json()["error"]
    assert body == {
        "code": "some_new_rule",
        "message": "与已有记录冲突（some_new_rule）：a rule with no Chinese sentence yet",
    }


def test_a_record_the_rules_refuse_names_its_first_five_fields(client: TestClient) -> None:
    body = client.get("/record").json()["error"]
    reason = "Input should be a valid integer, unable to parse string as an integer"
    summary = "; ".join(f"f{i}: {reason}" for i in range(5))
    assert body["message"] == f"the record would be invalid: {summary}"
    assert len(body["fields"]) == 6


def test_a_refused_request_names_every_field_in_its_message() -> None:
    fields = [{"field": f"d{i}", "location": "body", "reason": f"r{i}", "type": "future_date"} for i in range(6)]
    error = InvalidRequest(fields)
    assert error.message == "the request is invalid: d0: r0; d1: r1; d2: r2; d3: r3; d4: r4; d5: r5"
    assert error.details["fields"] == fields
