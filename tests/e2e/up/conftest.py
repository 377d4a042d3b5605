from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.up.stack import DASHBOARD, Stack, start_up


@pytest.fixture(scope="module")
def demo_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """`niangjia up` on an empty data folder: everything started and the demo data loaded."""
    stack = start_up(tmp_path_factory.mktemp("up") / "data")
    try:
        stack.wait_for(DASHBOARD, timeout=240)
        yield stack
    finally:
        stack.kill()
