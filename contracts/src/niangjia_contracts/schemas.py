"""Generate the JSON Schemas of every event and of the envelope: `python -m niangjia_contracts.schemas DIR`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from niangjia_contracts.catalogue import EVENT_CLASSES
from niangjia_contracts.envelope import Envelope


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every event type and the envelope."""
    out: dict[str, dict[str, Any]] = {}
    for cls in EVENT_CLASSES:
        schema = cls.model_json_schema(mode="serialization")
        schema["$id"] = f"urn:niangjia:event:{cls.event_type}:v{cls.schema_version}"
        schema["x-event-type"] = cls.event_type
        schema["x-schema-version"] = cls.schema_version
        schema["x-stream-category"] = cls.category
        schema["x-source-service"] = cls.source
        out[f"{cls.event_type}.v{cls.schema_version}.json"] = schema
    envelope = Envelope.model_json_schema(mode="serialization")
    envelope["$id"] = "urn:niangjia:envelope"
    out["Envelope.json"] = envelope
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = directory / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "contracts/schemas")
    for path in write(target):
        print(path)
