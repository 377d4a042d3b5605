"""Property-based requests generated from the activities service's /openapi.json: never a 5xx."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.activities.conftest import Services
from tests.support.schemathesis import assert_no_server_error

pytestmark = pytest.mark.e2e


def test_no_generated_request_gets_a_server_error(services: Services, tmp_path: Path) -> None:
    assert_no_server_error(services.activities.url, services.admin, 20241015, tmp_path)
