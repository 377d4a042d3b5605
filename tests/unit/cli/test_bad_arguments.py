"""Every bad argument is one line in the user's language and exit code 2: never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import run_cli

NIANGJIA = str(Path(sys.executable).parent / "niangjia")
SCOPE = ["tokens", "create", "--role", "recorder", "--subject", "x", "--scope"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code, out, err = run_cli(capsys, list(args))
    return code, [line for line in (out + err).splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        ([*SCOPE, "江苏省/常州市/武进区/"], "地区不能为空", "cannot be empty"),
        ([*SCOPE, ""], "地区不能为空", "cannot be empty"),
        ([*SCOPE, "/江苏省"], "地区不能为空", "cannot be empty"),
        ([*SCOPE, "江苏省/../浙江省"], "不能是 . 或 ..", "cannot be '.' or '..'"),
        ([*SCOPE, "江苏省/常州市/武进区/.."], "不能是 . 或 ..", "cannot be '.' or '..'"),
        ([*SCOPE, "江苏省／常州市"], "全角 ／", "full-width"),
        ([*SCOPE, "江苏省/常州\x1b市"], "控制字符 U+001B", "control character U+001B"),
        ([*SCOPE, "江苏省/常州\u202e市"], "控制字符 U+202E", "control character U+202E"),
        ([*SCOPE, "江苏省/常州"], "是否是 江苏省/常州市", "did you mean 江苏省/常州市"),
        ([*SCOPE, "/".join(["江苏省", "常州市", "武进区", *["镇"] * 8])], "最多 8 级", "at most 8 names"),
        (
            ["tokens", "create", "--role", "nope", "--subject", "x"],
            "可选：录入员、查看人",
            "is not one of: recorder, reporter",
        ),
        (["tokens", "create", "--subject", "x"], "缺少参数 '--role'", "missing '--role'"),
        (["tokens", "create", "--role", "admin", "--subject", " "], "使用人写 1 至 200 个字", "1 to 200 characters"),
        (["tokens", "create", "--role", "admin", "--subject", "x", "--bogus"], "没有这个选项", "no such option"),
        (["tokens", "revoke", "../tokens"], "编号只能", "an id is"),
        (["counts", "--as-of", "0"], "日期写作 YYYY-MM-DD", "a date is YYYY-MM-DD"),
        (["dormant", "--since", "1717200000"], "日期写作", "a date is"),
        (["counts", "--region", "江苏省/../浙江省"], "不能是 . 或 ..", "cannot be '.' or '..'"),
        (["audit", "../../federations"], "编号只能", "an id is"),
        (["correct", "a/../b", "--reason", "x", "--title", "t"], "编号只能", "an id is"),
        (
            [
                "found",
                "--name",
                "x",
                "--domain",
                "market",
                "--region",
                "江苏省",
                "--host",
                "y",
                "--founded-on",
                "0",
                "--women-members",
                "3",
            ],
            "日期写作",
            "a date is",
        ),
        (
            ["record", "--organiser", "f1", "--held-on", "2024-01-01", "--title", "t", "--people-served", "abc"],
            "参数 '--people-served' 有误：应为整数",
            "invalid value for '--people-served': a whole number is expected",
        ),
        (["campaign", "1800"], "应为 1900 至 2999 之间的整数", "a whole number from 1900 to 2999"),
        (["counts", "--known-at", "0"], "带时区的 ISO 格式", "an ISO timestamp with its zone"),
        (["campaign", "2024", "--known-at", "2026-01-01T00:00:00"], "带时区", "with its zone"),
        (["rebuild", "--model", "nope"], "只能是 organisations", "must be one of organisations"),
        (["keys", "accesses", "--data-dir", "/etc/hostname"], "不是文件", "not a file"),
    ],
)
def test_a_bad_argument_is_one_line_in_the_users_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], zh: str, en: str
) -> None:
    for lang, expected in (("zh", zh), ("en", en)):
        code, lines = run(
            capsys, "--lang", lang, *args, *(["--data-dir", str(tmp_path)] if args[0] == "tokens" else [])
        )
        assert code == 2, lines
        assert len(lines) == 1 and expected in lines[0], lines
        assert "Traceback" not in lines[0]
    assert not (tmp_path / "tokens.json").exists() or "revoke" in args


def test_a_good_scope_is_kept_in_nfc(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, lines = run(capsys, "--lang", "en", *SCOPE, "江苏省/常州市/武进区/湖塘镇", "--data-dir", str(tmp_path))
    assert code == 0, lines
    assert "江苏省/常州市/武进区/湖塘镇" in "\n".join(lines)


@pytest.mark.parametrize(
    "args",
    [
        [*SCOPE, "江苏省/常州市/武进区/"],
        ["verify-report", "/nonexistent/receipt.json"],
        ["restore", "/nonexistent/backup"],
        ["backup", "/nonexistent/backup"],
    ],
)
def test_the_installed_command_never_shows_a_traceback(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [NIANGJIA, *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NIANGJIA_DATA_DIR": str(tmp_path), "COLUMNS": "200"},
        check=False,
    )
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode in {1, 2}, lines
    assert len(lines) == 1 and "Traceback" not in lines[0] and ".py" not in lines[0], lines
