"""A second founding of the same name in the same town, on the running stack: asked about (and not
recorded when the answer is no), refused in one line with `--no-input`, recorded when confirmed."""

from __future__ import annotations

import os
import subprocess
import time

import httpx
import pytest

from tests.e2e.up.stack import NIANGJIA, Stack

TOWN = "江苏省/常州市/武进区/湖塘镇"
NAME = "湖塘镇查重测试妇联"


def _found(stack: Stack, language: str, *extra: str, answer: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANGJIA_LANG": language, "COLUMNS": "250", "NIANGJIA_BASE_PORT": str(stack.ports.base)}
    args = [
        "found", "--name", NAME, "--domain", "非公企业", "--region", TOWN, "--host", "某公司",
        "--founded-on", "2024-05-01", "--women-members", "40", "--data-dir", str(stack.data_dir), *extra,
    ]  # fmt: skip
    return subprocess.run([NIANGJIA, *args], input=answer, capture_output=True, text=True, env=env, timeout=60)


def _standing(stack: Stack, count: int) -> list[str]:
    """The ids of the federations named NAME in the town, once the search shows `count` of them."""
    deadline = time.monotonic() + 20
    while True:
        answer = httpx.get(
            f"{stack.urls.projections}/organisations",
            params={"name": NAME, "region": TOWN},
            headers={"Authorization": f"Bearer {stack.token}"},
        )
        assert answer.status_code == 200, answer.text
        ids = [item["org_id"] for item in answer.json()["items"]]
        if len(ids) >= count or time.monotonic() > deadline:
            return ids
        time.sleep(0.2)


@pytest.mark.e2e
def test_a_second_founding_of_the_same_name_asks_or_is_refused(demo_stack: Stack) -> None:
    first = _found(demo_stack, "zh", "--no-input")
    assert first.returncode == 0 and "已登记成立" in first.stdout, first.stdout + first.stderr
    assert len(_standing(demo_stack, 1)) == 1

    for language, refusal in (("zh", "可能重复，未登记"), ("en", "likely duplicate, nothing recorded")):
        refused = _found(demo_stack, language, "--no-input")
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert refused.stderr.startswith(refusal) and len(refused.stderr.strip().splitlines()) == 1

    for language, answer, declined in (("zh", "否\n", "未登记：已取消"), ("en", "n\n", "nothing recorded: cancelled")):
        asked = _found(demo_stack, language, answer=answer)
        assert asked.returncode == 1 and asked.stderr.strip().splitlines()[-1] == declined, asked.stderr
        assert "Traceback" not in asked.stderr
    assert len(_standing(demo_stack, 1)) == 1  # nothing recorded

    confirmed = _found(demo_stack, "en", answer="y\n")
    assert confirmed.returncode == 0 and "founded:" in confirmed.stdout, confirmed.stderr
    assert "Record a new one all the same? [y/N]" in confirmed.stderr
    assert len(_standing(demo_stack, 2)) == 2
