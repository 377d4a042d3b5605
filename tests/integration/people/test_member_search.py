"""Members found by a part of their name over HTTP (`GET /members?name=`): the admin and recorders of
the member's region see names, each member found recorded as read; a reporter, an auditor and a
recorder of another county are refused or find no one; an erased member is never found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from niangjia_kit.keystore import KEYS_FILE, KeyStore
from niangjia_projections.bootstrap import build_app as projections_app
from niangjia_projections.settings import ProjectionsSettings

from tests.integration.people.appointed import appoint, bearer
from tests.integration.people.bodies import WUJIN
from tests.support.processes import issue_token, token_id


def test_members_are_found_by_name_by_those_who_may_see_names(tmp_path: Path) -> None:
    data = tmp_path / "data"
    tokens = {
        "admin": issue_token(data / "tokens.json", "admin", "admin"),
        "recorder": issue_token(data / "tokens.json", "武进区妇联·王芳", "recorder", WUJIN),
        "other_recorder": issue_token(data / "tokens.json", "永川区妇联", "recorder", "重庆市/永川区"),
        "reporter": issue_token(data / "tokens.json", "reporter", "reporter", WUJIN),
        "auditor": issue_token(data / "tokens.json", "auditor", "auditor"),
    }
    position = appoint(data, tokens["recorder"], tokens["admin"])
    with TestClient(projections_app(ProjectionsSettings(data_dir=data)), raise_server_exceptions=False) as client:

        def find(who: str, **params: Any) -> Any:
            return client.get("/members", params={"min_position": position, **params}, headers=bearer(tokens[who]))

        for who in ("admin", "recorder"):
            answer = find(who, name="晓燕")
            assert answer.status_code == 200, answer.text
            found = answer.json()
            assert [(m["member_id"], m["name"], m["role"]) for m in found["items"]] == [("m1", "周晓燕", "chair")]
            assert found["items"][0]["mobile"] == "13912345678" and found["total"] == 1  # m2 is erased
        assert [m["member_id"] for m in find("admin", name="xiaoYAN").json()["items"]] == ["m4"]  # any case
        assert find("admin", name="晓燕", region=f"{WUJIN}/湖塘镇").json()["total"] == 1
        assert find("admin", name="晓燕", region="重庆市/永川区").json()["total"] == 0
        assert find("admin", name="", region=WUJIN).status_code == 422
        assert find("admin", name=" ").status_code == 422

        for who in ("reporter", "auditor"):
            refused = find(who, name="晓燕")
            assert refused.status_code == 403 and "晓燕" not in refused.text, refused.text
            assert refused.json()["error"]["code"] == "forbidden"
        assert find("other_recorder", name="晓燕").json()["total"] == 0
        assert find("other_recorder", name="晓燕", region=WUJIN).status_code == 403
        assert find("admin", name="晓", limit=1).json()["count"] == 1

    keys = KeyStore(data / KEYS_FILE)
    try:
        searches = [a for a in keys.accesses() if a.purpose == "member_search"]
    finally:
        keys.close()
    readers = {token_id(tokens[who]) for who in ("admin", "recorder")}
    assert {a.reader for a in searches} == readers
    assert {a.key_id for a in searches} == {"m1", "m4"}  # those found and shown, not every one opened
