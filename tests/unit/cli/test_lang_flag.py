"""`--lang` takes zh or en only: anything else is refused in one line, before any work, with no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

NIANGJIA = str(Path(sys.executable).parent / "niangjia")


@pytest.mark.parametrize(
    ("value", "env_lang", "expected"),
    [("fr", "zh", "--lang 只能是 zh 或 en，不能是 fr"), ("de", "en", "--lang must be zh or en, not de")],
)
def test_an_unknown_language_is_refused_in_one_line(value: str, env_lang: str, expected: str) -> None:
    result = subprocess.run(
        [NIANGJIA, "--lang", value, "tokens", "list"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NIANGJIA_LANG": env_lang, "COLUMNS": "200"},
        check=False,
    )
    assert result.returncode == 2
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines == [expected]


@pytest.mark.parametrize("value", ["zh", "en", "EN"])
def test_zh_and_en_are_taken(value: str) -> None:
    result = subprocess.run([NIANGJIA, "--lang", value, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
