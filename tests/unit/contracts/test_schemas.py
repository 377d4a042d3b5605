"""The committed JSON Schemas are exactly what the models generate."""

from pathlib import Path

from niangjia_contracts.schemas import all_schemas, render

SCHEMAS = Path(__file__).resolve().parents[3] / "contracts" / "schemas"


def test_every_schema_is_committed_and_current() -> None:
    expected = all_schemas()
    for name, schema in expected.items():
        path = SCHEMAS / name
        assert path.exists(), f"{name} is missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == render(schema), f"{name} drifted: run `make schemas`"


def test_no_stale_schema_files() -> None:
    committed = {p.name for p in SCHEMAS.glob("*.json")}
    assert committed == set(all_schemas()), "contracts/schemas holds files no model generates"
