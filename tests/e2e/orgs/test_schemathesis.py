"""Property-based requests generated from /openapi.json: whatever a client sends, never a 5xx."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.orgs.conftest import Orgs
from tests.support.schemathesis import assert_no_server_error

pytestmark = pytest.mark.e2e


def test_no_generated_request_gets_a_server_error(orgs: Orgs, tmp_path: Path) -> None:
    assert_no_server_error(orgs.url, orgs.admin, 20240908, tmp_path)
