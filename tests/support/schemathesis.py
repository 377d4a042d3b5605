"""Schemathesis against a running service: requests generated from its /openapi.json, every check.

`--checks all`: no 5xx, every status, media type, header and body as documented, malformed requests
refused, auth enforced, stateful links followed. One check is left out, `positive_data_acceptance`
(a request the schema allows must be accepted): the services refuse with 422 some requests no JSON
Schema can rule out, cross-field and history rules documented in words (a federation guiding
itself, a term ending before the appointment, a campaign not of its quarter, a correction clearing
a required fact, a region segment over 40 characters), and that is the answer they must give.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.support.processes import VENV_BIN

EXCLUDED = "positive_data_acceptance"


def assert_conformant(base_url: str, token: str | None, seed: int, workdir: Path, max_examples: int = 10) -> None:
    """`max_examples` per operation, reproducible by `seed`; fails with schemathesis's report."""
    auth = ["--header", f"Authorization: Bearer {token}"] if token else []
    run = subprocess.run(
        [
            str(VENV_BIN / "schemathesis"),
            "run",
            f"{base_url}/openapi.json",
            "--checks",
            "all",
            "--exclude-checks",
            EXCLUDED,
            *auth,
            "--max-examples",
            str(max_examples),
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
        timeout=540,
        cwd=workdir,  # schemathesis keeps its example database in the working directory
    )
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    assert " passed" in run.stdout


assert_no_server_error = assert_conformant
