"""The recording commands' options are the contracts' fields: renamed where the CLI says so, with
the documented names (docs/usage.md), and they make the request body."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
from niangjia_contracts import FederationKind, Level
from niangjia_contracts.events import FederationFacts
from typer.testing import CliRunner

from niangjia.cli import build_app
from niangjia.cli.options import options_from

runner = CliRunner()
USAGE = Path(__file__).resolve().parents[3] / "docs" / "usage.md"


def test_the_options_make_the_body_of_the_fields() -> None:
    sent: list[dict[str, Any]] = []
    app = typer.Typer()

    @app.command()
    @options_from(
        FederationFacts,
        flags={"host_organisation": "--host"},
        defaults={"kind": FederationKind.FEDERATION, "level": Level.VILLAGE},
    )
    def found(body: dict[str, Any], label: str = "x") -> None:
        sent.append({**body, "label": label})

    args = ["--name", "某妇联", "--domain", "market", "--region", "江苏省", "--host", "某市场"]
    args += ["--founded-on", "2024-05-01", "--women-members", "40", "--label", "y"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sent == [
        {
            "name": "某妇联",
            "kind": "federation",
            "domain": "market",
            "level": "village",
            "region": "江苏省",
            "host_organisation": "某市场",
            "guided_by": None,
            "founded_on": "2024-05-01",
            "women_members": 40,
            "executive_members": 0,
            "organisations_covered": 1,
            "leadership_elected_on": None,
            "chamber_origin": None,
            "label": "y",
        }
    ]
    refused = runner.invoke(app, [*args[:-6], "--women-members", "40"])
    assert refused.exit_code == 2 and "--founded-on" in refused.output


def test_every_option_the_usage_guide_shows_is_offered() -> None:
    app = build_app()
    for command in ("found", "open", "record", "correct"):
        lines = [
            line for line in USAGE.read_text(encoding="utf-8").split("niangjia ") if line.startswith(command + " ")
        ]
        assert lines, command
        flags = set(re.findall(r"(--[a-z-]+)", lines[0]))
        shown = runner.invoke(app, [command, "--help"], terminal_width=200)
        assert shown.exit_code == 0, shown.output
        assert flags <= set(re.findall(r"(--[a-z-]+)", shown.output)), (command, flags)
