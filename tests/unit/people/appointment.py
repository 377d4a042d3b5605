"""The member the people decider tests are about (m1, an executive member of the Hutang town
federation): her appointment, and what a use case reads of her for a project she pledges."""

from __future__ import annotations

from typing import Any

from niangjia_contracts import MemberAppointed, Sealed
from niangjia_kit.testing import maker, recorded
from niangjia_orgs.domain.member import AppointMember, decider
from niangjia_orgs.domain.standing import Standing

from tests.unit.orgs.dates import TODAY, D

FEDERATION = Standing(started_on=D("2022-05-01"))
SEALED = Sealed(key_id="m1", ciphertext="A" * 60)


appoint = maker(
    AppointMember,
    member_id="m1",
    federation_id="hutang",
    role="executive_member",
    community_roles=["grid_leader"],
    appointed_on=D("2023-03-08"),
    term_ends_on=D("2028-03-08"),
    federation=FEDERATION,
    region="江苏省/常州市/武进区/湖塘镇",
    level="town",
    personal=SEALED,
    today=TODAY,
)


appointed = recorded(MemberAppointed, appoint, read={"federation", "today"})


def read_for_a_pledge() -> dict[str, Any]:
    """What the pledge use case reads of her once appointed: her time on the committee, her
    federation and her region."""
    her = decider.fold([appointed()])
    assert her.appointed is not None
    return {"member": her.standing, "federation_id": her.appointed.federation_id, "region": her.appointed.region}
