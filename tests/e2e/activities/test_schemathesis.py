"""Property-based requests generated from the activities service's /openapi.json: never a 5xx."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.activities.conftest import Services
from tests.support.schemathesis import assert_conformant

pytestmark = pytest.mark.e2e


def test_every_generated_request_gets_a_documented_answer(services: Services, tmp_path: Path) -> None:
    assert_conformant(services.activities.url, services.admin, 20241015, tmp_path)
