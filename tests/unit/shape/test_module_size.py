"""No Python module of the project is over 300 lines: a longer one does more than one job and is split by job."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LIMIT = 300


def tracked_python_modules() -> list[Path]:
    """The project's modules: what git tracks (or would), else every .py outside hidden and build folders."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout
        skipped = {"build", "dist", "node_modules"}
        return [
            path
            for path in ROOT.rglob("*.py")
            if not any(part.startswith(".") or part in skipped for part in path.relative_to(ROOT).parts)
        ]
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_every_module_is_at_most_300_lines() -> None:
    modules = tracked_python_modules()
    assert len(modules) > 100  # the listing found the project
    long = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert long == {}
