"""`niangjia tokens me` asks `GET /me` with the token in use and says its id, role, scope and what
it may do, in Chinese and in English (names, not codes); `--json` prints the answer as it came."""

from __future__ import annotations

import json

import pytest

from niangjia.cli import common
from tests.support.cli import FakeApi, run_cli

ANSWER = {
    "token_id": "97d4f7ec10fb",
    "role": "auditor",
    "scope": "江苏省/常州市/武进区",
    "permissions": ["report", "audit"],
    "reads_ledger": True,
}


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, FakeApi]:
    fake = FakeApi(lambda path, query: ANSWER)
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, [*args, "--data-dir", "/nonexistent-niangjia"])
    return code, out + err, fake


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "令牌 97d4f7ec10fb：审计员，范围 江苏省/常州市/武进区；可以：查看报告、审计"),
        ("en", "token 97d4f7ec10fb: auditor, scope 江苏省/常州市/武进区; may: read reports, audit"),
    ],
)
def test_it_says_who_the_token_is(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    code, out, fake = run(capsys, monkeypatch, "--lang", lang, "tokens", "me")
    assert code == 0, out
    assert fake.asked == [("/me", {})]
    assert said in out


def test_json_prints_the_answer(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, monkeypatch, "tokens", "me", "--json")
    assert code == 0 and json.loads(out) == ANSWER
