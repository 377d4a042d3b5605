"""`make bench` runs every benchmark under bench/: each one listed, each listed one there and
answering its --help with the arguments it is given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"
sys.path.insert(0, str(BENCH))
import run_all  # noqa: E402 - bench/ is no package


def test_every_benchmark_is_listed_once() -> None:
    scripts = sorted(path.name for path in BENCH.glob("*_bench.py"))
    listed = sorted(script for script, *_ in run_all.BENCHES.values())
    assert listed == scripts


@pytest.mark.parametrize("name", sorted(run_all.BENCHES))
def test_each_takes_the_arguments_it_is_given(name: str) -> None:
    cmd = run_all.command(name, 1000)
    options = [argument for argument in cmd[2:] if argument.startswith("--")]
    usage = subprocess.run([*cmd[:2], "--help"], capture_output=True, text=True, check=True, timeout=120).stdout
    assert all(option in usage for option in options), (options, usage)


def test_an_unknown_name_is_refused_before_anything_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        run_all.main(["--only", "store,nonsense"])
    assert refused.value.code == 2 and "nonsense" in capsys.readouterr().err
