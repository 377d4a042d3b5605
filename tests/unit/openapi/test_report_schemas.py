"""Every report documents what it answers: a named schema, no open-ended object (but an event's own
payload, which its JSON Schema defines), and a description of each figure in Chinese and English."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DOCUMENT = Path(__file__).resolve().parents[3] / "docs/openapi/projections.json"
REPORTS = [
    "/counts",
    "/campaigns/{year}",
    "/campaigns/{year}/Q{quarter}",
    "/federations/{federation_id}/guided",
    "/dormant",
    "/members/report",
    "/members/directory",
    "/audit/log",
    "/audit/entities/{entity_id}",
]
OPEN_ON_PURPOSE = {"AuditRecord.data"}  # the event itself, as contracts/schemas defines each type


def _open_objects(node: Any, where: str) -> list[str]:
    found = []
    if isinstance(node, dict):
        if node.get("additionalProperties") is True or (
            node.get("type") == "object" and not node.keys() - {"type", "title", "description"}
        ):
            found.append(where)
        for key, value in node.items():
            found += _open_objects(value, f"{where}.{key}" if key not in {"properties", "anyOf", "items"} else where)
    elif isinstance(node, list):
        for value in node:
            found += _open_objects(value, where)
    return found


def test_every_report_names_its_schema_and_leaves_nothing_open() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    for path in REPORTS:
        content = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in content or "anyOf" in content, path
    opened = set()
    for name, schema in schemas.items():
        for prop, value in schema.get("properties", {}).items():
            if _open_objects(value, ""):
                opened.add(f"{name}.{prop}")
    answers = [document["paths"][p]["get"]["responses"]["200"]["content"]["application/json"] for p in REPORTS]
    reached: set[str] = set()
    frontier = set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(answers)))
    while frontier:  # every schema an answer reaches
        name = frontier.pop()
        reached.add(name)
        frontier |= set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(schemas[name]))) - reached
    assert {o for o in opened if o.split(".")[0] in reached} == OPEN_ON_PURPOSE


def test_each_figure_is_defined_in_chinese_and_english() -> None:
    schemas = json.loads(DOCUMENT.read_text(encoding="utf-8"))["components"]["schemas"]
    for name in ("CountsReport", "FederationCounts", "YearReport", "Coverage", "DormantReport", "MembersReport"):
        for prop, value in schemas[name]["properties"].items():
            text = value.get("description", "")
            assert re.search(r"[\u4e00-\u9fff]", text) and re.search(r"[A-Za-z]{3}", text), f"{name}.{prop}"
