"""A store fault leaves as its own code: 503 with Retry-After, localised, never a generic 500."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from niangjia_eventstore import EventStoreUnavailable, StoreFull, StoreReadOnly
from niangjia_kit.errors import install_error_handlers

FAULTS: dict[str, EventStoreUnavailable] = {
    "disk_full": StoreFull("sqlite: database or disk is full"),
    "store_read_only": StoreReadOnly("sqlite: attempt to write a readonly database"),
    "store_unavailable": EventStoreUnavailable("EventStoreDB is unavailable"),
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/fault/{code}")
    async def fault(code: str) -> None:
        raise FAULTS[code]

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_each_fault_is_a_503_with_its_code_and_retry_after(client: TestClient, code: str) -> None:
    response = client.post(f"/fault/{code}")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    error = response.json()["error"]
    assert error["code"] == code
    assert "nothing was written" in error["message"]


@pytest.mark.parametrize(("code", "words"), [("disk_full", "磁盘已满"), ("store_read_only", "只读")])
def test_the_message_is_chinese_when_asked(client: TestClient, code: str, words: str) -> None:
    response = client.post(f"/fault/{code}", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == code
    assert words in response.json()["error"]["message"]
