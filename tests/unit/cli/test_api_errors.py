"""A service's refusal as the command line says it: each refused field once, on its own line, in
the user's language, by its name and the option that set it (not the API's field code)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from niangjia.client import Api, CliError
from niangjia.config import Urls
from niangjia.i18n import set_language


def refusal(message: str, *fields: tuple[str, str, str]) -> dict[str, Any]:
    """A service's 422 refusing each (field, reason, type)."""
    refused = [{"field": f, "location": "body", "reason": r, "type": kind} for f, r, kind in fields]
    return {"error": {"code": "invalid_request", "message": message, "fields": refused}}


REFUSAL = refusal(
    "the request is invalid: founded_on: 2030-01-01 is in the future (today is 2026-12-04)",
    ("founded_on", "2030-01-01 is in the future (today is 2026-12-04)", "future_date"),
    ("name", "a reason of its own", "value_error"),
)


@pytest.fixture
def language() -> Iterator[None]:
    yield
    set_language("zh")


def answering(body: object) -> Api:
    """A client whose every request the service refuses with `body`."""
    api = Api(Urls("http://orgs", "http://activities", "http://projections"), token="t")
    api._client = httpx.Client(transport=httpx.MockTransport(lambda _: httpx.Response(422, json=body)))
    return api


def refused(body: object) -> str:
    api = answering(body)
    with api, pytest.raises(CliError) as error:
        api.post("orgs", "/federations", {"name": "x"})
    return str(error.value)


def test_in_english_each_refused_field_is_said_once_with_its_reason(language: None) -> None:
    set_language("en")
    text = refused(REFUSAL)
    assert text.count("2030-01-01 is in the future") == 1
    assert text.splitlines() == [
        "the request is invalid; check these fields (invalid_request, HTTP 422)",
        "  founded on: 2030-01-01 is in the future (today is 2026-12-04)",
        "  name: a reason of its own",
    ]


REFUSAL_ZH = refusal(
    "请求有误，请检查填写的内容：founded_on：日期不能晚于今天；name：最多 200 个字符",
    ("founded_on", "日期不能晚于今天", "future_date"),
    ("name", "最多 200 个字符", "string_too_long"),
)


def test_in_chinese_each_field_with_the_services_chinese_reason(language: None) -> None:
    set_language("zh")
    lines = refused(REFUSAL_ZH).splitlines()
    assert lines == [
        "请求有误，请检查以下字段（invalid_request，HTTP 422）",
        "  成立日期：日期不能晚于今天",
        "  名称：最多 200 个字符",
    ]


def test_a_refusal_without_fields_keeps_the_services_message(language: None) -> None:
    set_language("en")
    body = {"error": {"code": "conflict", "message": "already dissolved"}}
    assert refused(body) == "already dissolved (conflict, HTTP 422)"


def test_the_command_line_says_the_refusal_and_then_each_field_on_its_own_line(
    language: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from niangjia.cli.app import _fail

    set_language("zh")
    with pytest.raises(SystemExit):
        _fail(refused(REFUSAL_ZH), 1)
    assert capsys.readouterr().err.splitlines() == [
        "请求有误，请检查以下字段（invalid_request，HTTP 422）",
        "  成立日期：日期不能晚于今天",
        "  名称：最多 200 个字符",
    ]


def test_a_field_the_api_names_is_said_by_the_option_that_set_it(
    language: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`niangjia record --held-on 2030-01-01` refused: the line names 活动日期 and --held-on, not held_on;
    a member's own name (personal.name) is 姓名 (--name), not an organisation's 名称."""
    from niangjia.cli import build_app, common

    refused_fields = refusal(
        "请求有误",
        ("held_on", "活动日期不能晚于今天", "future_date"),
        ("organiser_id", "不存在", "not_found"),
        ("personal.name", "不能为空", "missing"),
        ("colour", "未知字段", "extra_forbidden"),
    )

    def mocked(token: str | None, data_dir: Path | None) -> Api:
        return answering(refused_fields)

    monkeypatch.setattr(common, "api", mocked)
    monkeypatch.setattr("niangjia.cli.sending.api", mocked)
    args = ["record", "--organiser", "F-1", "--held-on", "2030-01-01", "--title", "x"]
    args += ["--campaign", "spring_warmth", "--people-served", "3", "--token", "t", "--data-dir", str(tmp_path)]
    set_language("zh")
    result = CliRunner().invoke(build_app(), args)
    assert isinstance(result.exception, CliError), result.output  # `main` says it on stderr
    assert str(result.exception).splitlines()[1:] == [
        "  活动日期（--held-on）：活动日期不能晚于今天",
        "  组织方编号（--organiser）：不存在",
        "  姓名：不能为空",
        "  colour：未知字段",
    ]
    set_language("en")
    result = CliRunner().invoke(build_app(), ["--lang", "en", *args])
    assert "  held on (--held-on): 活动日期不能晚于今天" in str(result.exception).splitlines()
