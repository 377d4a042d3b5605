"""The command table lists every command its modules define, and listing them loads none of them."""

from __future__ import annotations

import subprocess
import sys

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


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from niangjia.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return set(run.stderr.split())


def test_the_listing_imports_no_web_framework_no_models_and_no_http_client() -> None:
    loaded = _modules_after(["--help"])
    assert not loaded & {"fastapi", "starlette", "pydantic", "httpx", "niangjia_contracts"}


def test_a_read_command_imports_no_web_framework() -> None:
    loaded = _modules_after(["counts", "--help"])
    assert not loaded & {"fastapi", "starlette", "uvicorn"}


def test_the_tokens_commands_read_the_tokens_file_without_the_web_framework() -> None:
    assert not _modules_after(["tokens", "list", "--help"]) & {"fastapi", "starlette", "uvicorn"}
