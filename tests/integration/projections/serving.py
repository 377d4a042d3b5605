"""The projections service over HTTP on a recorded SQLite store, with one token for each of the
callers its tests speak for, answering once it has read the whole history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from niangjia_kit.auth import Role, TokenStore
from niangjia_projections.bootstrap import build_app
from niangjia_projections.settings import ProjectionsSettings

from tests.unit.projections.harness import TOWN, Recorded, record_sqlite

CALLERS: dict[str, tuple[str, Role] | tuple[str, Role, str]] = {
    "admin": ("root", Role.ADMIN),
    "reporter": ("rita", Role.REPORTER),
    "town": ("tom", Role.REPORTER, TOWN),
    "auditor": ("ada", Role.AUDITOR),
    "town_auditor": ("tess", Role.AUDITOR, TOWN),
    "integrator": ("ian", Role.INTEGRATOR),
}
"""Each caller's subject, role and, for a token scoped to the town, its region."""


def auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


@contextmanager
def serving(data: Path, history: Sequence[Recorded], **options: Any) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """`history` recorded under `data`, the service on it (settings `options`) and the callers' tokens."""
    record_sqlite(data / "events.db", history)
    tokens = TokenStore(data / "tokens.json")
    issued = {key: tokens.issue(*caller)[1] for key, caller in CALLERS.items()}
    with TestClient(build_app(ProjectionsSettings(data_dir=data, **options))) as client:
        ready = client.get("/counts", params={"min_position": len(history)}, headers=auth(issued["reporter"]))
        assert ready.status_code == 200
        yield client, issued
