"""Every refusal in Chinese: each error code the services raise has its sentence, the sentences carry
the error's details, and a field's reason follows its type and context."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from niangjia_contracts import Campaign
from niangjia_contracts.events import FederationFacts
from niangjia_contracts.members import PersonalData
from niangjia_contracts.names import campaign_mismatch
from niangjia_kit import messages_zh
from niangjia_kit.errors import install_error_handlers
from niangjia_kit.localise import localised
from niangjia_kit.rules import DomainError, InvalidRequest, not_in_future
from niangjia_orgs.domain.federation import FEDERATION
from niangjia_orgs.domain.lifecycle import Lifecycle
from niangjia_orgs.domain.member import MEMBER
from niangjia_orgs.domain.micro_home import MICRO_HOME
from niangjia_orgs.domain.project import PROJECT
from niangjia_orgs.domain.standing import Standing
from pydantic import BaseModel, Field, ValidationError

from tests.support.samples import FOUNDING_BODY

ROOT = Path(__file__).resolve().parents[3]
RAISERS = {"RuleViolation": 0, "NotFound": 0, "InvalidActivity": 0, "ApiError": 1, "_not_open": 2}
"""Who raises an error with a code of its own, and where the code stands among the arguments."""
LIFECYCLES = (FEDERATION, MICRO_HOME, MEMBER, PROJECT)
ROLES = ("guiding", "host", "member")  # the roles a new organisation names a federation in (Standing)
ZH = "zh-CN"


def literal_codes() -> set[str]:
    """The codes written out where the services raise an error."""
    codes: set[str] = set()
    for path in [*ROOT.glob("services/*/src/**/*.py"), *ROOT.glob("src/niangjia/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in RAISERS:
                at = RAISERS[node.func.id]
                arg = node.args[at] if len(node.args) > at else None
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    codes.add(arg.value)
    return codes


def lifecycle_codes(life: Lifecycle) -> set[str]:
    return {
        f"{life.code}_not_found",
        f"{life.code}_already_{life.started}",
        f"{life.code}_already_{life.ended}",
        f"{life.code}_{life.ended}",
        life.before_start,
    }


def test_the_scan_finds_the_codes_it_should() -> None:
    found = literal_codes()
    assert {"unknown_organiser", "member_not_serving", "organiser_dissolved", "out_of_scope"} <= found
    assert len(found) > 30


def test_every_code_has_a_chinese_sentence() -> None:
    codes = literal_codes() | {code for life in LIFECYCLES for code in lifecycle_codes(life)}
    codes |= {f"{role}_federation_{what}" for role in ROLES for what in ("unknown", "not_open")}
    codes |= {"store_unavailable", "disk_full", "store_read_only", "store_regressed", "event_corrupted"}
    assert sorted(codes - set(messages_zh.CODES)) == []


def chinese(error: DomainError) -> str:
    text, _ = localised(error.status, error.code, error.message, error.details, ZH)
    return text


def raised(call: object, *args: object, **kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FEDERATION.not_found("wj-park"), "没有找到妇联组织 wj-park（尚未登记成立）"),
        (MICRO_HOME.not_found("wj-home"), "没有找到妇女微家 wj-home（尚未登记开办）"),
    ],
)
def test_an_unknown_organisation_in_chinese(error: DomainError, expected: str) -> None:
    assert chinese(error) == expected


def test_the_rules_of_an_organisations_life_in_chinese() -> None:
    dissolved = Standing(started_on=date(2021, 3, 8), ended_on=date(2024, 1, 5))
    open_ = Standing(started_on=date(2021, 3, 8))
    assert chinese(raised(FEDERATION.check_open, "wj-park", dissolved, date(2024, 2, 1), "inspected")) == (
        "妇联组织 wj-park 已于 2024-01-05 撤销，不能再登记这项内容"
    )
    assert chinese(raised(FEDERATION.check_may_end, "wj-park", dissolved, date(2024, 2, 1))) == (
        "妇联组织 wj-park 已于 2024-01-05 撤销"
    )
    assert chinese(raised(MICRO_HOME.check_open, "wj-home", open_, date(2020, 1, 1), "recognised")) == (
        "妇女微家 wj-home 开办于 2021-03-08，所填日期早于开办日期"
    )
    assert chinese(raised(FEDERATION.check_not_started, "wj-park", open_)) == "妇联组织 wj-park 已经登记过成立"


def test_references_in_chinese() -> None:
    unknown, elsewhere = Standing(), Standing(started_on=date(2021, 3, 8), region="重庆市/永川区")
    error = raised(unknown.check_open_on, date(2024, 1, 1), role="guiding", federation_id="wj-x", detail="guided_by")
    assert chinese(error) == "指导单位 wj-x 尚未登记成立"
    error = raised(
        elsewhere.check_contains, "江苏省/常州市/武进区", role="host", federation_id="yc-x", detail="host_federation_id"
    )
    assert chinese(error) == "所引用的妇联组织位于 重庆市/永川区，其范围不包括 江苏省/常州市/武进区"


def test_a_domain_errors_fields_get_chinese_reasons() -> None:
    error = raised(not_in_future, date(2024, 1, 1), founded_on=date(2024, 5, 1), dissolved_on=None)
    assert isinstance(error, InvalidRequest)
    text, details = localised(error.status, error.code, error.message, error.details, ZH)
    assert text == "请求有误，请检查填写的内容：founded_on：日期不能晚于今天"
    assert details["fields"][0]["reason"] == "日期不能晚于今天"
    english, same = localised(error.status, error.code, error.message, error.details, "en")
    assert english == "the request is invalid: founded_on: 2024-05-01 is in the future (today is 2024-01-01)"
    assert same == error.details


def test_an_unknown_detail_stays_in_english_after_the_status_sentence() -> None:
    text, _ = localised(409, "some_new_rule", "a rule nobody has translated", {}, ZH)
    assert text == "与已有记录冲突（some_new_rule）：a rule nobody has translated"


def test_a_sentence_missing_a_detail_falls_back_rather_than_failing() -> None:
    text, _ = localised(404, "federation_not_found", "federation x has not been founded", {}, ZH)
    assert text == "没有找到：federation x has not been founded"


class Founding(FederationFacts):
    """The facts of a founding with the contracts' own checks (`a federation cannot guide itself`)."""

    federation_id: str = Field(max_length=20)


class Narrow(BaseModel):
    name: str = Field(max_length=3)
    count: int = Field(ge=1)


async def found(body: Founding) -> None:
    return None


async def narrow(body: Narrow) -> None:
    return None


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.post("/found")(found)
    app.post("/narrow")(narrow)
    return TestClient(app)


def test_each_fields_reason_from_its_type_and_context(client: TestClient) -> None:
    response = client.post("/narrow", json={"name": "too long", "count": 0}, headers={"Accept-Language": ZH})
    body = response.json()["error"]
    assert [f["reason"] for f in body["fields"]] == ["最多 3 个字符", "不能小于 1"]
    assert body["message"] == "请求有误，请检查填写的内容：name：最多 3 个字符；count：不能小于 1"
    english = client.post("/narrow", json={"name": "too long", "count": 0}).json()["error"]
    assert english["fields"][0]["reason"] == "String should have at most 3 characters"


def test_the_contracts_own_checks_in_chinese(client: TestClient) -> None:
    founding = {**FOUNDING_BODY, "founded_on": "1800-03-08", "guided_by": FOUNDING_BODY["federation_id"]}
    body = client.post("/found", json=founding, headers={"Accept-Language": ZH}).json()["error"]
    assert body["fields"][0]["reason"] == "1800-03-08 不在 1949-01-01 至 2099-12-31 之间"
    body = client.post("/found", json={**founding, "founded_on": "2020-01-01"}, headers={"Accept-Language": ZH})
    assert body.json()["error"]["fields"][0]["reason"] == "组织不能指导自己"


def test_an_id_or_a_mobile_number_that_does_not_match_is_told_what_it_should_be(client: TestClient) -> None:
    """Not the pattern ("String should match pattern '^\\+?[0-9]…'", "格式不对"): what a person can act on."""
    founding = {**FOUNDING_BODY, "guided_by": "湖塘 妇联"}
    field = client.post("/found", json=founding).json()["error"]["fields"][0]
    assert (field["field"], field["type"]) == ("guided_by", "entity_id")
    assert field["reason"] == "an id is 1 to 80 letters, digits, '_', '.' or '-', and starts with a letter or digit"
    zh = client.post("/found", json=founding, headers={"Accept-Language": ZH}).json()["error"]["fields"][0]
    assert zh["reason"] == "编号应为 1 到 80 个字母、数字或 _ . -，以字母或数字开头"
    try:
        PersonalData(name="王芳", mobile="123")
    except ValidationError as error:
        (refused,) = error.errors()
    assert refused["type"] == "mobile_number" and "6 to 20 digits" in refused["msg"]
    assert messages_zh.reason("mobile_number", {}, refused["msg"]).startswith("手机号应为 6 到 20 位数字")


def test_the_allowed_values_are_named_in_chinese() -> None:
    reason = messages_zh.reason("enum", {"expected": "'federation', 'committee' or 'group'"}, "Input should be ...")
    assert reason == "不是可选的值（可选：federation（妇联）、committee（妇委会）、group（妇女小组））"


def test_a_theme_of_another_quarter_in_chinese() -> None:
    english = campaign_mismatch(Campaign.SPRING_WARMTH, date(2024, 8, 1))
    assert english == (
        "the theme “spring: warmth” (spring_warmth) is Q1's, but the activity was held on 2024-08-01, in Q3,"
        " whose theme is “autumn: health” (autumn_health)"
    )
    assert messages_zh.detail(english) == "活动主题与举办日期所在季度的主题不符（活动举办于 2024-08-01，属第 3 季度）"
    by_field = messages_zh.reason("campaign_not_of_quarter", {"suggestion": "autumn_health"}, english)
    assert by_field == "活动主题与举办日期所在季度的主题不符（该季度的主题是“秋送健康”）"
