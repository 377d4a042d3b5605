"""The command table lists every command its modules define, and listing them loads none of them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from niangjia.cli import build_app
from niangjia.cli.app import COMMANDS, load_module_commands
from niangjia.i18n import set_language


def test_the_table_names_exactly_the_commands_each_module_defines() -> None:
    modules = {module for module, _ in COMMANDS.values()}
    defined = {name: module for module in modules for name in load_module_commands(module)}
    assert defined == {name: module for name, (module, _) in COMMANDS.items()}


def test_the_listing_shows_every_command_with_its_help_in_chinese() -> None:
    set_language("zh")
    result = CliRunner().invoke(build_app(), ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.output
    assert "登记成立一个妇联组织" in result.output


def test_a_command_loads_and_runs_when_invoked() -> None:
    set_language("en")
    result = CliRunner().invoke(build_app(), ["counts", "--help"])
    assert result.exit_code == 0, result.output
    assert "--region" in result.output


def _modules_after(argv: list[str], *, whole: bool = False, env: dict[str, str] | None = None) -> set[str]:
    """The packages (`whole`: the modules) loaded once the command line ran `argv`."""
    name = "m" if whole else "m.split('.')[0]"
    code = (
        "import sys\n"
        "from niangjia.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(' '.join(sorted({name} for m in sys.modules)), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True, env=env)
    return set(run.stderr.strip().splitlines()[-1].split())


def test_the_listing_imports_no_web_framework_no_models_and_no_http_client() -> None:
    loaded = _modules_after(["--help"])
    assert not loaded & {"fastapi", "starlette", "pydantic", "httpx", "niangjia_contracts"}


def test_a_read_command_imports_no_web_framework() -> None:
    loaded = _modules_after(["counts", "--help"])
    assert not loaded & {"fastapi", "starlette", "uvicorn"}


def test_a_report_checks_its_region_without_building_the_event_models(tmp_path: Path) -> None:
    # the region is checked against the official divisions, then the request fails: nothing listens
    env = {**os.environ, "NIANGJIA_PROJECTIONS_URL": "http://127.0.0.1:9", "NIANGJIA_TOKEN": "nj_x_y"}
    env["NIANGJIA_DATA_DIR"] = str(tmp_path)
    loaded = _modules_after(["counts", "--region", "江苏省/常州市/武进区"], whole=True, env=env)
    assert "niangjia_contracts.regions" in loaded
    assert not loaded & {"niangjia_contracts.events", "niangjia_contracts.members", "niangjia_contracts.codec"}


def test_the_tokens_commands_read_the_tokens_file_without_the_web_framework() -> None:
    assert not _modules_after(["tokens", "list", "--help"]) & {"fastapi", "starlette", "uvicorn"}
