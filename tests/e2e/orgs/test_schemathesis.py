"""Property-based requests generated from /openapi.json: whatever a client sends, never a 5xx."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.orgs.conftest import Orgs
from tests.support.schemathesis import assert_conformant

pytestmark = pytest.mark.e2e


def test_every_generated_request_gets_a_documented_answer(orgs: Orgs, tmp_path: Path) -> None:
    assert_conformant(orgs.url, orgs.admin, 20240908, tmp_path)
