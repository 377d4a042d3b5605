"""The projections service over HTTP on a recorded SQLite store: the tokens its callers hold, the
service once it has read the whole history, and the header a token goes in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from niangjia_kit.auth import Role, TokenStore
from niangjia_projections.bootstrap import build_app
from niangjia_projections.settings import ProjectionsSettings

Holder = tuple[str, Role] | tuple[str, Role, str]
"""A token's subject, its role and, for a scoped token, its region."""


def issue_tokens(path: Path, **holders: Holder) -> dict[str, str]:
    """One token for each holder, by the holder's key."""
    tokens = TokenStore(path)
    return {key: tokens.issue(*holder)[1] for key, holder in holders.items()}


def auth(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


@contextmanager
def serving(settings: ProjectionsSettings, positions: int, reader: str) -> Iterator[TestClient]:
    """The service, answering once its read models hold the first `positions` events (`reader` may read counts)."""
    with TestClient(build_app(settings)) as client:
        ready = client.get("/counts", params={"min_position": positions}, headers=auth(reader))
        assert ready.status_code == 200
        yield client
