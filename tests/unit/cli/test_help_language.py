"""click's own words (its vendored copy has them in English only) are in the user's language: the
Chinese help page of every command and every usage error carry none of them; English keeps them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from typer._click import Command
from typer.core import TyperGroup as Group

from niangjia.cli.app import COMMANDS, load_module_commands
from niangjia.cli.help_text import width_of, wrapped
from tests.support.cli import run_cli

ENGLISH = (
    "Usage:", "Options:", "Arguments:", "Commands:", "[OPTIONS]", "COMMAND [ARGS]", "Show this message",
    "required", "default:", "env var", "<str>", "<int", "<path>", "<text>", "Error", "No such", "Missing",
    "Got unexpected", "requires", "does not take", "Try ", "Invalid value", "is not", "Aborted",
)  # fmt: skip


def command_paths() -> list[list[str]]:
    """Every command and subcommand, as the words that name it."""
    paths: list[list[str]] = []

    def walk(path: list[str], command: Command) -> None:
        paths.append(path)
        if isinstance(command, Group):
            for name, sub in command.commands.items():
                walk([*path, name], sub)

    for name, (module, _) in COMMANDS.items():
        walk([name], load_module_commands(module)[name])
    return paths


def run(capsys: pytest.CaptureFixture[str], lang: str, *args: str) -> tuple[int, str]:
    code, out, err = run_cli(capsys, ["--lang", lang, *args])
    return code, out + err


PATHS = command_paths()


@pytest.mark.parametrize("path", [[], *PATHS], ids=lambda p: " ".join(p) or "niangjia")
def test_the_chinese_help_of_every_command_has_no_english_boilerplate(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, path: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out = run(capsys, "zh", *path, "--help")
    assert code == 0, out
    assert out.startswith("用法：niangjia"), out
    assert "{" not in out.splitlines()[0], out  # an argument as its Arguments entry names it, not `{member_id}`
    assert "选项：" in out and "显示本帮助并退出" in out
    assert [word for word in ENGLISH if word in out] == [], out
    assert max(width_of(line) for line in out.splitlines()) <= 100 + 2, out  # a closing mark may hang over


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p))
def test_a_bad_option_is_one_chinese_line(capsys: pytest.CaptureFixture[str], path: list[str]) -> None:
    code, out = run(capsys, "zh", *path, "--bogus")
    lines = out.strip().splitlines()
    assert code == 2 and len(lines) == 1, out
    assert lines[0].startswith(("没有这个选项：--bogus", "缺少参数")), out
    assert [word for word in ENGLISH if word in out] == [], out


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["counts", "--region"], "选项 --region 后面要写一个值", "option --region needs a value"),
        (["counts", "--json=yes"], "选项 --json 不带值", "option --json takes no value"),
        (["counts", "a", "b"], "多余的参数：a b", "unexpected extra arguments: a b"),
        (["nosuch"], "没有这个命令：nosuch", "no such command: nosuch"),
        (["tokens", "nosuch"], "没有这个命令：nosuch", "no such command: nosuch"),
        (["find"], "缺少参数 'name'", "missing 'name'"),
        (["find", "x", "--limit", "0"], "应为 1 至 500 之间的整数", "a whole number from 1 to 500"),
    ],
)
def test_every_kind_of_usage_error_is_told_in_the_language(
    capsys: pytest.CaptureFixture[str], args: list[str], zh: str, en: str
) -> None:
    for lang, expected in (("zh", zh), ("en", en)):
        code, out = run(capsys, lang, *args)
        assert code == 2 and len(out.strip().splitlines()) == 1, out
        assert expected in out, out
        if lang == "zh":
            assert [word for word in ENGLISH if word in out] == [], out


def test_english_keeps_clicks_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "en", "find", "--help")
    assert code == 0
    for words in ("Usage: niangjia find [OPTIONS]", "Arguments:", "Options:", "Show this message and exit.", "[default: 50; 1<=x<=500]"):  # fmt: skip
        assert words in out, out


def test_a_group_without_its_command_shows_its_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "zh", "tokens")
    assert code == 2 and out.startswith("用法：niangjia tokens [选项] 命令 [参数]...") and "命令：" in out


def test_lines_are_wrapped_by_columns_never_opening_with_a_comma() -> None:
    lines = wrapped("领域：非公企业、园区、市场、商圈街区、楼宇、产业链 and some English words here", 20)
    assert all(width_of(line) <= 22 for line in lines), lines
    assert not any(line.startswith(("、", "，")) for line in lines), lines
    assert (
        "".join(lines).replace(" ", "") == "领域：非公企业、园区、市场、商圈街区、楼宇、产业链andsomeEnglishwordshere"
    )


def test_every_option_of_every_command_says_what_it_is() -> None:
    undescribed: list[str] = []
    for name, (module, _) in COMMANDS.items():
        stack: list[tuple[str, Command]] = [(name, load_module_commands(module)[name])]
        while stack:
            path, command = stack.pop()
            if isinstance(command, Group):
                stack += [(f"{path} {sub_name}", sub) for sub_name, sub in command.commands.items()]
            undescribed += [
                f"{path} {p.opts[0]}"
                for p in command.params
                if p.param_type_name == "option" and not getattr(p, "help", None)
            ]
    assert undescribed == []


ENGLISH_HELPS = """
import contextlib, io, json, sys
from niangjia.i18n import set_language
set_language("en")  # before any command is built: each option's help is made in the language of its first use
from niangjia.cli import main
out = {}
for path in json.loads(sys.argv[1]):
    page = io.StringIO()
    with contextlib.redirect_stdout(page), contextlib.suppress(SystemExit):
        main(["--lang", "en", *path, "--help"])
    out[" ".join(path)] = page.getvalue()
print(json.dumps(out))
"""


def test_every_english_option_help_reads_as_a_sentence_from_a_capital() -> None:
    result = subprocess.run(
        [sys.executable, "-c", ENGLISH_HELPS, json.dumps(PATHS)],
        capture_output=True, text=True, check=True, env={**os.environ, "COLUMNS": "300"},
    )  # fmt: skip
    pages: dict[str, str] = json.loads(result.stdout)
    assert len(pages) == len(PATHS)
    for path, page in pages.items():  # an option a line, its help after two spaces or more (or below a long one)
        lines = page.splitlines()
        helps = [
            (parts[1] if len(parts) > 1 else lines[i + 1].strip())
            for i, line in enumerate(lines)
            if line.startswith("  --") and (parts := re.split(r"\s{2,}", line.strip(), maxsplit=1))
        ]
        assert helps and [text for text in helps if not text[:1].isupper()] == [], (path, page)
