"""`GET /me` over HTTP: each token's role, scope and permissions, and whether it reads the ledger, as
the routes themselves decide (the dashboard asks it instead of asking a route and being refused)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.projections.serving import auth, serving
from tests.unit.projections.harness import TOWN, Recorded, at, founded

HISTORY = [Recorded(at("2024-01-02"), founded("zone"))]
PROBES = {"/ledger/status": "reads_ledger", "/operator/streams": "audit", "/operator/status": "admin"}
"""A route and what in `/me` says whether the token may open it."""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with serving(tmp_path_factory.mktemp("me"), HISTORY) as served:
        yield served


@pytest.mark.parametrize(
    ("caller", "role", "scope", "permissions"),
    [
        ("admin", "admin", None, ["record", "report", "audit", "feed", "admin"]),
        ("reporter", "reporter", None, ["report"]),
        ("town", "reporter", TOWN, ["report"]),
        ("town_auditor", "auditor", TOWN, ["report", "audit"]),
        ("integrator", "integrator", None, ["feed"]),
    ],
)
def test_each_token_is_told_what_it_may_see(
    service: tuple[TestClient, dict[str, str]], caller: str, role: str, scope: str | None, permissions: list[str]
) -> None:
    client, tokens = service
    answer = client.get("/me", headers=auth(tokens[caller]))
    assert answer.status_code == 200
    me = answer.json()
    assert (me["role"], me["scope"], me["permissions"]) == (role, scope, permissions)
    assert me["token_id"] and me["token_id"] not in tokens[caller].split("_")[-1]  # the id, never the secret
    for path, says in PROBES.items():  # what /me says is what the route does
        may = me[says] if says == "reads_ledger" else says in me["permissions"]
        status = client.get(path, headers=auth(tokens[caller])).status_code
        assert (status != 403) == may, (caller, path, status)


@pytest.mark.parametrize("header", [{}, {"Authorization": "Bearer nj_unknown_token"}])
def test_without_a_valid_token_it_answers_401(
    service: tuple[TestClient, dict[str, str]], header: dict[str, str]
) -> None:
    client, _ = service
    answer = client.get("/me", headers=header)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] in {"unauthenticated", "invalid_token"}
