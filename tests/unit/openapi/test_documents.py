"""Every service's OpenAPI document equals the one committed in docs/openapi/.

The documents are the public HTTP contract: a change to one is a change integrators see, so it is
made on purpose (regenerate with `python -m tests.unit.openapi.test_documents`) and shows in review.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from niangjia_eventstore.memory import InMemoryEventStore

DOCUMENTS = Path(__file__).resolve().parents[3] / "docs" / "openapi"


def _orgs(data: Path) -> FastAPI:
    from niangjia_orgs.bootstrap import OrgsSettings, build_app

    return build_app(OrgsSettings(data_dir=data), store=InMemoryEventStore())


def _activities(data: Path) -> FastAPI:
    from niangjia_activities.bootstrap import build_app
    from niangjia_activities.settings import ActivitiesSettings

    return build_app(ActivitiesSettings(data_dir=data), store=InMemoryEventStore())


def _projections(data: Path) -> FastAPI:
    from niangjia_projections.bootstrap import build_app
    from niangjia_projections.settings import ProjectionsSettings

    return build_app(ProjectionsSettings(data_dir=data), store=InMemoryEventStore())


def _relay(data: Path) -> FastAPI:
    from niangjia_relay.bootstrap import build_app
    from niangjia_relay.settings import RelaySettings

    return build_app(RelaySettings(data_dir=data), store=InMemoryEventStore())


SERVICES: dict[str, Callable[[Path], FastAPI]] = {
    "orgs": _orgs,
    "activities": _activities,
    "projections": _projections,
    "relay": _relay,
}


def document(service: str, data: Path) -> dict[str, Any]:
    """The service's OpenAPI document as it serves it (the app is built, not started)."""
    openapi: dict[str, Any] = SERVICES[service](data).openapi()
    return openapi


def _text(openapi: dict[str, Any]) -> str:
    return json.dumps(openapi, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_the_served_document_is_the_committed_one(service: str, tmp_path: Path) -> None:
    committed = (DOCUMENTS / f"{service}.json").read_text(encoding="utf-8")
    assert _text(document(service, tmp_path)) == committed, (
        f"{service}'s OpenAPI document changed; if on purpose, regenerate docs/openapi/ "
        "(python -m tests.unit.openapi.test_documents)"
    )


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as data:
        for service in sorted(SERVICES):
            path = DOCUMENTS / f"{service}.json"
            path.write_text(_text(document(service, Path(data))), encoding="utf-8")
            print(path, file=sys.stderr)


if __name__ == "__main__":
    main()
