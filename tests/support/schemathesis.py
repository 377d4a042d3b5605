"""Schemathesis against a running service: requests generated from its /openapi.json, none a 5xx."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.processes import VENV_BIN


def assert_no_server_error(base_url: str, token: str, seed: int, workdir: Path) -> None:
    """Ten examples per operation, reproducible by `seed`; fails with schemathesis's report."""
    run = subprocess.run(
        [
            str(VENV_BIN / "schemathesis"),
            "run",
            f"{base_url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            "10",
            "--seed",
            str(seed),
            "--no-shrink",
            "--workers",
            "1",
            "--request-timeout",
            "10",
            "--report-dir",
            str(workdir),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=workdir,  # schemathesis keeps its example database in the working directory
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
