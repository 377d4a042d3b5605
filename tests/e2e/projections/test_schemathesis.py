"""Property-based requests generated from the projections' /openapi.json, with every check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import ServiceProcess, issue_token, sqlite_env, start_service
from tests.support.schemathesis import assert_conformant

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def projections(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServiceProcess, str]]:
    data = tmp_path_factory.mktemp("projections-schemathesis")
    service = start_service("projections", env=sqlite_env(data, data / "events.db"), log_dir=data)
    try:
        yield service, issue_token(data / "tokens.json", "admin", "admin")
    finally:
        service.stop()
        log = service.log()
        assert "internal_error" not in log and "Traceback" not in log, log[-4000:]


def test_every_generated_request_gets_a_documented_answer(
    projections: tuple[ServiceProcess, str], tmp_path: Path
) -> None:
    service, admin = projections
    assert_conformant(service.url, admin, 20241201, tmp_path)
