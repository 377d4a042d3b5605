"""Find organisations by name over HTTP: NFC and case do not matter, a part of the name is enough,
the token's region bounds what is found, pages follow each other."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.projections.serving import auth, serving
from tests.unit.projections.harness import TOWN, Recorded, at, dissolved, founded, opened

FAR = "浙江省/温州市/乐清市"
HISTORY = [
    Recorded(at("2024-01-02"), founded("cafe").model_copy(update={"name": "Cafe\u0301 Lumière 妇联"})),
    *[Recorded(at("2024-01-03"), founded(f"hu{i}").model_copy(update={"name": f"湖塘第{i}妇联"})) for i in range(5)],
    Recorded(at("2024-01-04"), founded("far", region=FAR).model_copy(update={"name": "乐清湖塘妇联"})),
    Recorded(at("2024-01-05"), opened("m1", "hu0").model_copy(update={"name": "湖塘暖心妇女微家"})),
    Recorded(at("2024-02-05"), dissolved("hu4", "2024-02-01")),
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with serving(tmp_path_factory.mktemp("find"), HISTORY, ledger=False) as served:
        yield served


def _ids(answer: dict[str, object]) -> list[str]:
    items = answer["items"]
    assert isinstance(items, list)
    return [item["org_id"] for item in items]


def test_a_part_of_the_name_in_any_normal_form_or_case(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    composed = client.get("/organisations", params={"name": "CAFÉ"}, headers=auth(tokens["reporter"])).json()
    assert _ids(composed) == ["cafe"]
    assert composed["items"][0]["name"] == "Cafe\u0301 Lumière 妇联"
    both = client.get("/organisations", params={"name": "湖塘"}, headers=auth(tokens["reporter"])).json()
    assert both["total"] == 7 and "far" in _ids(both) and "m1" in _ids(both)
    homes = client.get(
        "/organisations", params={"name": "湖塘", "type": "micro_home"}, headers=auth(tokens["reporter"])
    )
    assert _ids(homes.json()) == ["m1"]
    ended = client.get("/organisations", params={"name": "第4"}, headers=auth(tokens["reporter"])).json()
    assert ended["items"][0]["ended_on"] == "2024-02-01"


def test_the_token_region_bounds_the_search(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    mine = client.get("/organisations", params={"name": "湖塘"}, headers=auth(tokens["town"])).json()
    assert mine["region"] == TOWN and mine["total"] == 6 and "far" not in _ids(mine)
    outside = client.get("/organisations", params={"name": "湖塘", "region": FAR}, headers=auth(tokens["town"]))
    assert outside.status_code == 403 and outside.json()["error"]["code"] == "out_of_scope"


def test_pages_follow_each_other(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    seen: list[str] = []
    after = ""
    while True:
        page = client.get(
            "/organisations", params={"name": "湖塘", "limit": 3, "after": after}, headers=auth(tokens["reporter"])
        ).json()
        seen += _ids(page)
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert len(seen) == 7 and len(set(seen)) == 7


def test_bad_requests_are_refused(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    assert client.get("/organisations", params={"name": "湖塘"}).status_code == 401
    assert client.get("/organisations", params={"name": "湖塘"}, headers=auth(tokens["integrator"])).status_code == 403
    for params in ({"name": "  "}, {}, {"name": "x" * 101}, {"name": "x", "type": "member"}, {"name": "x", "limit": 0}):
        answer = client.get("/organisations", params=params, headers=auth(tokens["reporter"]))
        assert answer.status_code == 422, params
        assert "error" in answer.json()
