"""The demo data set's tables: pinned to the records the figures were checked against, and read strictly.

The digest below was taken from the data set the published figures were checked against; any
change to a record, to its order or to a command the loader sends changes it. A deliberate change
to the data set needs a new `VERSION` (it is part of every idempotency key) and a new digest.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, fields
from decimal import Decimal
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from niangjia.demo.dataset import build_dataset
from niangjia.demo.loader import waves
from niangjia.demo.model import RECORDS, Activity, DataSet, Dissolution
from niangjia.demo.tables import TableError, read_table, write_table

DIGEST = "fb81423e73166cd8cc5de57eee540160f73bf6c98bd35534666980bcc6c7817f"
KINDS = (
    "federations",
    "micro_homes",
    "activities",
    "inspections",
    "recognitions",
    "dissolutions",
    "corrections",
    "retractions",
    "members",
    "projects",
)


def _typed(value: object) -> str:
    """Dates and amounts with their type, so that a date turned string (or 48000 for 48000.00) shows."""
    return f"{type(value).__name__}:{value}"


def canonical(data: DataSet) -> str:
    """Every record in order, and every command of every wave in order, as one JSON text."""
    document: dict[str, Any] = {
        "places": {key: asdict(place) for key, place in data.places.items()},
        "records": {kind: [asdict(record) for record in getattr(data, kind)] for kind in KINDS},
        "waves": [
            [name, [[c.service, c.path, c.body, c.key, c.place] for c in commands]] for name, commands in waves(data)
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, default=_typed)


def digest(data: DataSet) -> str:
    return hashlib.sha256(canonical(data).encode()).hexdigest()


def test_the_data_set_is_the_one_the_figures_were_checked_against() -> None:
    assert digest(build_dataset()) == DIGEST


def test_the_digest_sees_a_changed_fact_and_a_changed_order() -> None:
    data = build_dataset()
    data.activities[0], data.activities[1] = data.activities[1], data.activities[0]
    assert digest(data) != DIGEST
    data = build_dataset()
    data.federations[-1] = type(data.federations[-1])(**{**asdict(data.federations[-1]), "women_members": 1})
    assert digest(data) != DIGEST


@pytest.mark.parametrize("kind", list(RECORDS))
def test_each_shipped_table_is_written_as_it_is_read(kind: str) -> None:
    text = (resources.files("niangjia.demo") / "records" / f"{kind}.csv").read_text(encoding="utf-8")
    assert write_table(RECORDS[kind], read_table(kind, text, RECORDS[kind])) == text


HEADER = "federation_id,place,dissolved_on,reason\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "federation_id,place,reason\nf1,wujin,x\n",
            "d.csv: the header must be federation_id,place,dissolved_on,reason",
        ),
        (HEADER + "f1,wujin,2021-06-31,x\n", "d.csv line 2, dissolved_on: '2021-06-31' is not a date"),
        (HEADER + "f1,wujin,2021-06-30\n", "d.csv line 2: 3 cells for 4 columns"),
        (HEADER + "f1,wujin,2021-06-30,x\nf2,,2021-06-30,x\n", "d.csv line 3, place: a value is required"),
    ],
)
def test_a_bad_table_is_refused_naming_where(text: str, message: str) -> None:
    with pytest.raises(TableError, match=re.escape(message)):
        read_table("d.csv", text, Dissolution)


def test_optional_fields_numbers_and_flags_read_from_their_text() -> None:
    header = ",".join(f.name for f in fields(Activity))
    [activity] = read_table("a", f"{header}\na1,wujin,f1,2024-03-08,t,,,12,3,48000.00,,true\n", Activity)
    assert (activity.campaign, activity.people_served, activity.goods_value_yuan, activity.late) == (
        None,
        12,
        Decimal("48000.00"),
        True,
    )
    with pytest.raises(TableError, match=re.escape("late: 'yes' is not a bool")):
        read_table("a", f"{header}\na1,wujin,f1,2024-03-08,t,,,12,3,48000.00,,yes\n", Activity)


def test_the_tables_are_in_the_image_build_context() -> None:
    """`.dockerignore` leaves out every `data` folder, among others: none of its patterns may match the tables."""
    root = Path(__file__).resolve().parents[3]
    patterns = [line.strip() for line in (root / ".dockerignore").read_text().splitlines()]
    patterns = [p.removeprefix("**/") for p in patterns if p and not p.startswith(("#", "!"))]
    tables = sorted((root / "src/niangjia/demo/records").glob("*.csv"))
    assert [t.name for t in tables] == sorted(f"{kind}.csv" for kind in RECORDS)
    for table in tables:
        path = table.relative_to(root)
        parts = path.parts
        suffixes = ["/".join(parts[i:]) for i in range(len(parts))]
        assert not [p for p in patterns if any(fnmatch(s, p) for s in (*suffixes, *parts))], path
