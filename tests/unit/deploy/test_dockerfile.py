"""The image: pinned base, non-root user, a health check, nothing secret copied in."""

import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_dockerfile", ROOT / "deploy" / "check_dockerfile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


checker = load_checker()
check: Callable[[str], list[str]] = checker.check
TEXT = DOCKERFILE.read_text(encoding="utf-8")


def test_the_dockerfile_follows_every_rule() -> None:
    assert check(TEXT) == []


def test_it_is_multi_stage_with_a_small_runtime_that_only_gets_the_venv() -> None:
    stages = re.findall(r"^FROM (\S+) AS (\w+)", TEXT, re.MULTILINE)
    assert [name for _, name in stages] == ["builder", "runtime"]
    runtime = TEXT.split("AS runtime", 1)[1]
    copies = re.findall(r"^COPY .*$", runtime, re.MULTILINE)
    assert copies == ["COPY --from=builder /app/.venv /app/.venv"]
    assert "uv sync --frozen --no-dev --all-packages" in TEXT
    assert re.search(r'pip install "uv==\d+\.\d+\.\d+"', TEXT)


def test_uv_in_the_image_is_the_version_the_makefile_pins() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pinned = re.search(r"UV_VERSION := (\S+)", makefile)
    assert pinned is not None
    assert f'"uv=={pinned.group(1)}"' in TEXT


def test_the_dockerignore_keeps_data_environments_and_secrets_out_of_the_build_context() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for entry in (".git", ".venv", "data", "**/tokens.json", ".env", "**/*.key", "**/*.pem", "deploy/secrets"):
        assert entry in ignored


HEALTHCHECK = re.search(r"HEALTHCHECK.*?\n\n", TEXT, re.DOTALL)
assert HEALTHCHECK is not None


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("python:3.11.11-slim-bookworm AS builder", "python:3.11-slim AS builder", "not pinned"),
        ("python:3.11.11-slim-bookworm AS runtime", "python:latest AS runtime", "not pinned"),
        ("FROM python:3.11.11-slim-bookworm AS runtime", "FROM $BASE AS runtime", "not pinned"),
        ("USER 10001:10001", "", "no USER"),
        ("USER 10001:10001", "USER root", "runs as root"),
        ("USER 10001:10001", "USER 10001:10001\nUSER 0", "runs as root"),
        (HEALTHCHECK.group(0), "", "no HEALTHCHECK"),
        (HEALTHCHECK.group(0), "HEALTHCHECK NONE\n\n", "disables"),
        ("COPY src src", "COPY src src\nCOPY data/tokens.json /run/niangjia/", "looks like a secret"),
        ("COPY src src", "COPY deploy/.env /app/.env", "looks like a secret"),
        ("COPY src src", 'COPY ["deploy/secrets", "/run/niangjia"]', "looks like a secret"),
        ("COPY src src", "ADD certs/node.key /etc/", "looks like a secret"),
        ("COPY src src", "COPY . .", "whole build context"),
        ("NIANGJIA_HOST=0.0.0.0", "NIANGJIA_ADMIN_TOKEN=nj_x_y", "puts a secret"),
        ('"uv==0.13.8"', "uv", "without a pinned version"),
    ],
)
def test_each_rule_catches_its_violation(old: str, new: str, problem: str) -> None:
    changed = TEXT.replace(old, new)
    assert changed != TEXT
    problems = check(changed)
    assert any(problem in p for p in problems), problems


def test_the_checker_runs_as_a_script(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert checker.main([str(DOCKERFILE)]) == 0
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:3.11\nCOPY . .\n", encoding="utf-8")
    assert checker.main([str(bad)]) == 1
    assert "not pinned" in capsys.readouterr().err
