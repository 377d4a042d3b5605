"""`niangjia chambers [--limit N]` asks `GET /chambers` for at most N rows (1,000 unless asked, 0 for
the figures alone, at most 10,000) and, when it lists some, says when more chamber federations stand than it lists; in
Chinese and in English; a limit out of range is refused before anything is asked."""

from __future__ import annotations

from typing import Any

import pytest

from niangjia.cli import common
from tests.support.cli import FakeApi, run_cli

CHAMBER: dict[str, Any] = {
    "federation_id": "yq-chamber", "name": "乐清商会妇联", "region": "浙江省/温州市/乐清市",
    "founded_on": "2024-09-12", "chamber_origin": "local",
}  # fmt: skip


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, total: int, lang: str, *args: str
) -> tuple[int, str, FakeApi]:
    def chambers(path: str, query: dict[str, Any]) -> dict[str, Any]:
        items = [CHAMBER] * min(total, int(query["limit"]))
        return {"total": total, "by_origin": {"local": total}, "items": items}

    fake = FakeApi(chambers)
    monkeypatch.setattr(common, "api", lambda token, data_dir: fake)
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["--lang", lang, "chambers", *args, "--data-dir", "/nonexistent-niangjia"])
    return code, out + err, fake


@pytest.mark.parametrize(
    ("lang", "more"),
    [
        ("zh", "只列出前 1 个；用 --limit 列出更多（至多 10000）"),
        ("en", "Only the first 1 are listed; --limit lists more"),
    ],
)
def test_a_limit_lists_that_many_and_says_more_stand(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, more: str
) -> None:
    code, out, fake = run(capsys, monkeypatch, 3, lang, "--limit", "1")
    assert code == 0, out
    assert fake.asked == [("/chambers", {"limit": 1})]
    assert "乐清商会妇联" in out and more in out


def test_without_a_limit_a_thousand_are_asked_and_all_listed_say_nothing_more(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, fake = run(capsys, monkeypatch, 2, "zh")
    assert code == 0, out
    assert fake.asked == [("/chambers", {"limit": 1000})]
    assert "只列出前" not in out


def test_a_limit_of_nought_gives_the_figures_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, 2, "en", "--limit", "0")
    assert code == 0, out
    assert "Chamber federations" in out and "local chamber" in out and "乐清商会妇联" not in out
    assert "Only the first" not in out


@pytest.mark.parametrize("limit", ["-1", "10001", "many"])
def test_a_limit_out_of_range_is_refused_before_anything_is_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    code, _, fake = run(capsys, monkeypatch, 2, "zh", "--limit", limit)
    assert code != 0
    assert fake.asked == []
