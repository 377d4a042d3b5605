"""The read commands speak the user's language on the demo data: names, never the contract's codes."""

from __future__ import annotations

import os
import re
import subprocess

import pytest
from niangjia_contracts.enums import DOMAIN_GROUPS
from niangjia_contracts.names import BY_ENUM, EVENT_TYPES, ROLES, STATUSES

from tests.e2e.up.stack import NIANGJIA, Stack

READS = [
    ["counts"],
    ["counts", "--region", "江苏省/常州市/武进区"],
    ["counts", "--region", "重庆市/永川区", "--as-of", "2024-08-31"],
    ["campaign", "2024", "--region", "重庆市/永川区"],
    ["campaign", "2024", "Q2"],
    ["guided", "wj-hitech"],
    ["dormant", "--since", "2024-01-01"],
    ["audit", "yc-a07"],
    ["audit", "wj-hitech"],
    ["members"],
    ["directory", "--region", "江苏省/常州市/武进区"],
    ["find", "湖塘"],
    ["find", "晓燕", "--type", "执委"],
    ["chambers", "--region", "浙江省/温州市/乐清市"],
    ["founded", "--from", "2021-01-01", "--to", "2023-12-31", "--region", "江苏省/常州市/武进区"],
    ["elections", "--from", "2024-11-01", "--to", "2024-11-30"],
    ["firsts", "--region", "辽宁省", "--kind", "妇委会"],
]
CODES = sorted(
    {m.value for kind in BY_ENUM for m in kind} | set(STATUSES) | set(EVENT_TYPES) | set(ROLES) | set(DOMAIN_GROUPS),
    key=len,
    reverse=True,
)


def _read(stack: Stack, args: list[str], language: str) -> str:
    env = {**os.environ, "NIANGJIA_LANG": language, "COLUMNS": "250", "NIANGJIA_BASE_PORT": str(stack.ports.base)}
    done = subprocess.run(
        [NIANGJIA, *args, "--data-dir", str(stack.data_dir)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def _codes_in(text: str, codes: list[str]) -> list[str]:
    return [code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]


@pytest.mark.e2e
@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_no_code_in_chinese_output(demo_stack: Stack, args: list[str]) -> None:
    out = _read(demo_stack, args, "zh")
    assert out.strip()
    assert _codes_in(out, CODES) == [], out


@pytest.mark.e2e
@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a))
def test_no_snake_case_code_in_english_output(demo_stack: Stack, args: list[str]) -> None:
    out = _read(demo_stack, args, "en")
    assert _codes_in(out, [c for c in CODES if "_" in c or c[0].isupper()]) == [], out


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh", ["在外商会", "6", "外来商会", "来乐安徽商会妇联", "162"]),
        ("en", ["outbound chamber", "inbound chamber", "162"]),
    ],
)
def test_the_milestones_in_the_users_language(demo_stack: Stack, language: str, words: list[str]) -> None:
    out = _read(demo_stack, ["chambers", "--region", "浙江省/温州市/乐清市"], language)
    out += _read(
        demo_stack,
        ["founded", "--from", "2021-01-01", "--to", "2023-12-31", "--region", "江苏省/常州市/武进区"],
        language,
    )
    assert [word for word in words if word not in out] == [], out


@pytest.mark.e2e
def test_tokens_are_listed_with_role_names_and_china_time(demo_stack: Stack) -> None:
    out = _read(demo_stack, ["tokens", "list"], "zh")
    assert "管理员" in out and "录入员" in out and "北京时间" in out
    assert _codes_in(out, ["recorder", "reporter", "auditor", "integrator"]) == []  # the subjects are the users' words
