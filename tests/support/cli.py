"""The `niangjia` command line run in-process, as a person types it: its exit code and what it wrote."""

from __future__ import annotations

import pytest

from niangjia.cli import main
from niangjia.i18n import set_language


def run_cli(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    """Run `niangjia args`; (exit code, stdout, stderr). The language is back to zh afterwards."""
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(args)
    finally:
        set_language("zh")
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err
