"""`niangjia directory`: each chair's personal data as the service opened it, and erased data named in
the user's language (已删除, erased)."""

from __future__ import annotations

import pytest

from niangjia.cli import common
from tests.support.cli import FakeApi, run_cli

ERASED_CHAIR = {
    "member_id": "m1",
    "federation_id": "f1",
    "region": "江苏省/常州市/武进区",
    "level": "county",
    **dict.fromkeys(("name", "mobile", "employer", "title"), "已删除"),
}


@pytest.mark.parametrize(("lang", "erased"), [("zh", "已删除"), ("en", "erased")])
def test_an_erased_chair_reads_erased_in_the_users_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, erased: str
) -> None:
    answer = {"region": None, "chairs": 1, "items": [ERASED_CHAIR]}
    monkeypatch.setattr(common, "api", lambda token, data_dir: FakeApi(lambda path, query: answer))
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli(capsys, ["--lang", lang, "directory", "--data-dir", "/x"])
    assert code == 0, out + err
    row = next(line for line in out.splitlines() if "m1" in line)
    assert [cell.strip() for cell in row.split("│")[3:-1]] == [erased] * 4
