from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from niangjia_kit.auth import Role, TokenStore

from niangjia import config
from tests.e2e.up.stack import Stack, demo_running

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WUJIN = "江苏省/常州市/武进区"
DESK_ZH_PHONE_EN = pytest.mark.parametrize(("width", "locale"), [(1400, "zh-CN"), (390, "en-GB")])
"""A test at desktop width in Chinese and at phone width in English."""


@dataclass(frozen=True)
class Tokens:
    admin: str
    wujin_reporter: str
    auditor: str
    wujin_recorder: str


@pytest.fixture(scope="session")
def dashboard_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One demo stack for the whole browser session (a stack takes 10–15 s to start and record the
    demo). Tests read it; the one that changes it (an erasure, test_members) changes what no other reads."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) to run browser tests")
    with demo_running(tmp_path_factory.mktemp("browser") / "data") as stack:
        yield stack


@pytest.fixture(scope="session")
def tokens(dashboard_stack: Stack) -> Tokens:
    store = TokenStore(config.tokens_path(dashboard_stack.data_dir))
    return Tokens(
        admin=dashboard_stack.token,
        wujin_reporter=store.issue("武进区妇联·查看", Role.REPORTER, WUJIN)[1],
        auditor=store.issue("审计员", Role.AUDITOR)[1],
        wujin_recorder=store.issue("武进区妇联·录入", Role.RECORDER, WUJIN)[1],
    )
