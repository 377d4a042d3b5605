from __future__ import annotations

import json
from pathlib import Path

import pytest
from niangjia_kit.auth import Role, TokenStore
from typer.testing import CliRunner

from niangjia.cli import build_app, main
from niangjia.i18n import set_language

runner = CliRunner()


def test_create_list_and_revoke_a_token(tmp_path: Path) -> None:
    set_language("en")
    try:
        app = build_app()
        created = runner.invoke(
            app,
            [
                "tokens",
                "create",
                "--role",
                "recorder",
                "--subject",
                "湖塘镇妇联·张敏",
                "--scope",
                "江苏省/常州市/武进区/湖塘镇",
                "--data-dir",
                str(tmp_path),
                "--json",
            ],
        )
        assert created.exit_code == 0, created.output
        issued = json.loads(created.output)
        principal = TokenStore(tmp_path / "tokens.json").authenticate(issued["token"])
        assert principal is not None and principal.role is Role.RECORDER
        assert principal.scope == "江苏省/常州市/武进区/湖塘镇"

        listed = runner.invoke(app, ["tokens", "list", "--data-dir", str(tmp_path), "--json"])
        assert [t["subject"] for t in json.loads(listed.output)] == ["湖塘镇妇联·张敏"]
        assert "sha256" not in listed.output

        revoked = runner.invoke(app, ["tokens", "revoke", issued["id"], "--data-dir", str(tmp_path)])
        assert revoked.exit_code == 0 and f"revoked {issued['id']}" in revoked.output
        assert TokenStore(tmp_path / "tokens.json").authenticate(issued["token"]) is None
        again = runner.invoke(app, ["tokens", "revoke", issued["id"], "--data-dir", str(tmp_path)])
        assert again.exit_code == 1
    finally:
        set_language("zh")


def test_a_bad_scope_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        build_app(),
        ["tokens", "create", "--role", "recorder", "--subject", "x", "--scope", "a//b", "--data-dir", str(tmp_path)],
    )
    assert result.exit_code != 0


def test_a_read_command_without_a_running_service_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NIANGJIA_PROJECTIONS_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("NIANGJIA_TOKEN", "nj_x_y")
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["--lang", "en", "counts", "--data-dir", str(tmp_path)])
        assert exit_info.value.code == 1
        assert "cannot reach http://127.0.0.1:9/counts" in capsys.readouterr().err
    finally:
        set_language("zh")
