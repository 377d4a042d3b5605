"""`niangjia audit` shows an event's facts by name; a member's sealed data never, her name and mobile only as
the service opened them for this reader."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from niangjia.cli.reports import _details
from niangjia.i18n import set_language

APPOINTED = {
    "member_id": "m1",
    "federation_id": "hutang",
    "role": "chair",
    "appointed_on": "2023-03-08",
    "personal": {"algorithm": "AES-256-GCM", "key_id": "m1", "ciphertext": "q83vEjRWeJA="},
}


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("zh")


def test_the_admin_reads_her_name_and_mobile_first(lang: str) -> None:
    shown = _details(APPOINTED, {"name": "周晓燕", "mobile": "13912345678", "employer": None, "title": None})
    assert shown.startswith(
        "姓名：周晓燕；手机：13912345678；" if lang == "zh" else "name: 周晓燕; mobile: 13912345678; "
    )
    assert "q83vEjRWeJA" not in shown and "AES" not in shown


def test_others_read_no_personal_data_and_no_ciphertext(lang: str) -> None:
    shown = _details(APPOINTED, None)
    assert ("主席（主任）" if lang == "zh" else "chair") in shown
    assert "q83vEjRWeJA" not in shown and "周晓燕" not in shown and "AES" not in shown


def test_every_fact_is_shown_however_long_and_lists_read_in_the_language(lang: str) -> None:
    founded = {
        "federation_id": "wj-hitech",
        "name": "武进国家高新区妇联",
        "host_organisation": "武进国家高新技术产业开发区管委会" * 3,
        "region": "江苏省/常州市/武进区/武进国家高新区",
        "remark": "由园区党工委牵头组建，覆盖园区内非公企业与社会组织" * 4,
        "women_members": 2860,
    }
    shown = _details(founded, None)
    assert "2860" in shown and str(founded["remark"]) in shown and "…" not in shown  # the last fact too
    roles = _details({**APPOINTED, "community_roles": ["party_group_leader", "grid_leader"]}, None)
    assert ("党小组长、网格长" if lang == "zh" else "party group leader, grid leader") in roles


def test_the_ids_it_names_are_kept_and_corrected_fields_read_by_name(lang: str) -> None:
    """The activity's own id is the row; its organiser is a fact an auditor needs (it was left out
    with every other id), and the fields a correction changed are named, not coded."""
    held = {"activity_id": "a1", "organiser_id": "t-home", "organiser_kind": "micro_home", "people_served": 30}
    shown = _details(held, None, "a1")
    assert ("组织方编号：t-home" if lang == "zh" else "organiser id: t-home") in shown and "a1" not in shown
    corrected = _details({**held, "corrected_fields": ["people_served", "goods_value_yuan"]}, None, "a1")
    assert ("更正项：受益人次、爱心物资" if lang == "zh" else "corrected fields: people served, goods") in corrected
    appointed = _details(APPOINTED, None, "m1")
    assert "hutang" in appointed and "m1" not in appointed  # the federation she serves; her own id is the row


def test_erased_data_reads_erased_in_the_users_language(lang: str) -> None:
    shown = _details(APPOINTED, {"name": "已删除", "mobile": "已删除", "employer": "已删除", "title": "已删除"})
    assert shown.startswith("姓名：已删除；手机：已删除；" if lang == "zh" else "name: erased; mobile: erased; ")
