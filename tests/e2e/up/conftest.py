from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.up.stack import Stack, demo_running


@pytest.fixture(scope="module")
def demo_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """`niangjia up` on an empty data folder: everything started and the demo data loaded."""
    with demo_running(tmp_path_factory.mktemp("up") / "data") as stack:
        yield stack
