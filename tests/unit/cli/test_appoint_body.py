"""`niangjia appoint` sends the personal data as typed: an empty name is sent and refused for what it
is (too short), not dropped and refused as missing."""

from __future__ import annotations

import pytest

from niangjia.cli import sending
from tests.support.cli import FakeApi, run_cli


@pytest.mark.parametrize(("name", "sent"), [("", {"name": ""}), ("王芳", {"name": "王芳", "mobile": "13800001111"})])
def test_the_personal_data_goes_as_typed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str, sent: dict[str, str]
) -> None:
    fake = FakeApi()
    monkeypatch.setattr(sending, "api", lambda token, data_dir: fake)
    mobile = ["--mobile", "13800001111"] if name else []
    args = ["appoint", "--federation", "f1", "--role", "chair", "--appointed-on", "2025-03-08", "--name", name]
    code, out, err = run_cli(capsys, [*args, *mobile, "--id", "m1", "--data-dir", "/x"])
    assert code == 0, out + err
    (path, body), *_ = fake.asked
    assert path == "/members" and body["personal"] == sent
