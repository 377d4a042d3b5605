"""The demo data set is pinned: the same records, ids, facts and order, and so the same commands.

The digest below was taken from the data set the published figures were checked against; any
change to a record, to its order or to a command the loader sends changes it. A deliberate change
to the data set needs a new `VERSION` (it is part of every idempotency key) and a new digest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from niangjia.demo.dataset import build_dataset
from niangjia.demo.loader import waves
from niangjia.demo.model import DataSet

DIGEST = "f5b1d71e079682ccd4cd71b7495774d85dbcc8084d7c26998b598980fdf6518f"
KINDS = (
    "federations",
    "micro_homes",
    "activities",
    "inspections",
    "recognitions",
    "dissolutions",
    "corrections",
    "retractions",
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
