"""Every shell example in README.md and docs/ runs as written against the demo data.

Each ```sh block carries a line `<!-- example: MODE -->` just above it:

- `demo`: run, in document order, against `niangjia up` with the demo data loaded;
- `stopped`: run after the services have stopped, on the same data folder (rebuild, backup, restore);
- `skip: REASON`: not run here, for the reason given (it runs the suite itself, needs Docker...).

A block runs as one bash script (`set -euo pipefail`) in a scratch folder of its document, with
`data` linking to the stack's data folder, `TOKEN` holding the admin token, the `niangjia` command
on the PATH and the default ports rewritten to the stack's. Placeholders a reader replaces (`<id>`)
are replaced from `PLACEHOLDERS`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.up.stack import BOUNDARY, Stack, demo_running

ROOT = Path(__file__).resolve().parents[3]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ANNOTATION = re.compile(r"<!-- example: (demo|stopped|skip: [^>]+?) -->\n```(sh|bash)\n(.*?)```", re.S)
SHELL_BLOCK = re.compile(r"```(?:sh|bash)\n")
PLACEHOLDERS = {
    # the newest token's id, as `niangjia tokens list` shows it
    "/path/to/copy": "data",
    "<id>": "$(niangjia tokens list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1][\"id\"])')",
}
DEFAULT_PORTS = {8701: "orgs", 8702: "activities", 8703: "projections", 8704: "relay"}


@dataclass(frozen=True)
class Example:
    document: Path
    line: int
    mode: str
    script: str

    @property
    def name(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"


def examples() -> list[Example]:
    found: list[Example] = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        annotated = {m.start(2) - 3: m for m in ANNOTATION.finditer(text)}
        for block in SHELL_BLOCK.finditer(text):
            line = text.count("\n", 0, block.start()) + 1
            match = annotated.get(block.start())
            assert match is not None, f"{document.name}:{line}: a shell example without `<!-- example: MODE -->`"
            found.append(Example(document, line, match.group(1), match.group(3)))
    return found


def runnable(script: str, stack: Stack) -> str:
    # the time `niangjia up` printed: as known before the demo's late entries
    script = script.replace("<known-at>", stack.wait_for(BOUNDARY, timeout=5).group(1))
    for placeholder, value in PLACEHOLDERS.items():
        script = script.replace(placeholder, value)
    unknown = re.findall(r"<[a-z][a-z _-]*>", script)
    assert not unknown, f"placeholders with no value in PLACEHOLDERS: {unknown}"
    for port, service in DEFAULT_PORTS.items():
        script = script.replace(f"127.0.0.1:{port}", f"127.0.0.1:{getattr(stack.ports, service)}")
    return "set -euo pipefail\n" + script


def run(example: Example, stack: Stack, scratch: Path) -> None:
    folder = scratch / example.document.stem
    folder.mkdir(exist_ok=True)
    if not (folder / "data").exists():
        (folder / "data").symlink_to(stack.data_dir)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NIANGJIA_DATA_DIR": str(stack.data_dir),
        "NIANGJIA_BASE_PORT": str(stack.ports.base),
        "TOKEN": stack.token,
        "NIANGJIA_LANG": "zh",
        "COLUMNS": "200",
    }
    done = subprocess.run(
        ["bash", "-c", runnable(example.script, stack)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{example.name} failed ({done.returncode}):\n{example.script}\n{output[-4000:]}"
    assert "Traceback" not in output, f"{example.name}:\n{output[-4000:]}"


def test_every_shell_example_says_how_it_runs() -> None:
    found = examples()
    assert found, "no shell examples found"
    for example in found:
        if example.mode.startswith("skip:"):
            assert len(example.mode) > len("skip: ") + 10, f"{example.name}: say why it is not run"


@pytest.fixture(scope="module")
def demo_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with demo_running(tmp_path_factory.mktemp("docs") / "data") as stack:
        yield stack


@pytest.mark.e2e
def test_the_examples_run_as_written(demo_stack: Stack, tmp_path: Path) -> None:
    found = examples()
    for example in (e for e in found if e.mode == "demo"):
        run(example, demo_stack, tmp_path)
    demo_stack.interrupt(timeout=60)
    for example in (e for e in found if e.mode == "stopped"):
        run(example, demo_stack, tmp_path)
