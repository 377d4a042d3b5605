"""Property-based requests generated from /openapi.json: whatever a client sends, never a 5xx."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.orgs.conftest import Orgs
from tests.support.processes import VENV_BIN

pytestmark = pytest.mark.e2e


def test_no_generated_request_gets_a_server_error(orgs: Orgs, tmp_path: Path) -> None:
    run = subprocess.run(
        [
            str(VENV_BIN / "schemathesis"),
            "run",
            f"{orgs.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--header",
            f"Authorization: Bearer {orgs.admin}",
            "--max-examples",
            "10",
            "--seed",
            "20240908",
            "--no-shrink",
            "--workers",
            "1",
            "--request-timeout",
            "10",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,  # schemathesis keeps its example database in the working directory
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
