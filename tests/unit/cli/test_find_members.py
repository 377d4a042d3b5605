"""`niangjia find NAME --type 执委` asks the projections' `GET /members` and shows names, roles by
their names and places; a refusal (a reporter's token) is one line; in Chinese and in English."""

from __future__ import annotations

from typing import Any

import pytest

from niangjia.cli import common
from niangjia.errors import CliError
from tests.support.cli import FakeApi, run_cli

MEMBER: dict[str, Any] = {
    "member_id": "m1", "federation_id": "hutang", "region": "江苏省/常州市/武进区/湖塘镇", "level": "town",
    "role": "chair", "community_roles": [], "appointed_on": "2023-03-08", "left_on": None,
    "name": "周晓燕", "mobile": "13912345678", "employer": None, "title": None,
}  # fmt: skip


class FakeProjections(FakeApi):
    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role

    def answer(self, path: str, query: dict[str, Any]) -> Any:
        if self.role == "reporter":
            raise CliError("请求失败（403 forbidden）：role reporter may not look for members by name", status=403)
        items = [MEMBER] if query["name"] in MEMBER["name"] else []
        return {"name": query["name"], "region": None, "total": len(items) * 3, "count": len(items), "items": items}


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, role: str, lang: str, *args: str
) -> tuple[int, str, str, FakeProjections]:
    fake = FakeProjections(role)
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["--lang", lang, "find", *args, "--data-dir", "/nonexistent-niangjia"])
    return code, out, err, fake


@pytest.mark.parametrize(
    ("lang", "kind", "words"),
    [
        (
            "zh",
            "执委",
            ["姓名含“晓燕”的执委：共 3 人", "周晓燕", "13912345678", "主席（主任）", "hutang", "只列出前 1 人"],
        ),
        ("en", "member", ["Executive members whose name contains “晓燕”: 3", "周晓燕", "chair", "Only the first 1"]),
    ],
)
def test_members_are_found_by_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, kind: str, words: list[str]
) -> None:
    code, out, err, fake = run(capsys, monkeypatch, "admin", lang, "晓燕", "--type", kind, "--limit", "300")
    assert code == 0, err
    assert fake.asked == [("/members", {"name": "晓燕", "limit": 200})]
    for word in words:
        assert word in out, out
    assert "chair" not in out or lang == "en"


@pytest.mark.parametrize(("lang", "none"), [("zh", "没有姓名含“张三”的执委"), ("en", "No executive member's name")])
def test_no_member_found_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, none: str
) -> None:
    code, out, _, _ = run(capsys, monkeypatch, "admin", lang, "张三", "--type", "执委")
    assert code == 0 and none in out


def test_a_reporter_is_refused_in_one_line_and_sees_no_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err, _ = run(capsys, monkeypatch, "reporter", "zh", "晓燕", "--type", "执委")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "403" in err and "周晓燕" not in err


@pytest.mark.parametrize(("lang", "words"), [("zh", "查找执委不分页"), ("en", "members are not paged")])
def test_members_are_not_paged(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    code, _, err, fake = run(capsys, monkeypatch, "admin", lang, "晓燕", "--type", "执委", "--after", "m1")
    assert code == 1 and words in err and fake.asked == []
