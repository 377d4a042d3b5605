"""The members report: given random appointments, role changes and leavings recorded late or on
time, then the members serving counted by role, level, region and community role equal what the
history itself says, at random dates, times known, regions and region depths."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given as given_examples
from hypothesis import settings
from hypothesis import strategies as st
from niangjia_contracts import MemberAppointed, MemberLeft, MemberRoleChanged, Sealed
from niangjia_kit.projection import to_us
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.members.queries import members_report

from tests.unit.projections import harness
from tests.unit.projections.harness import Recorded

REGIONS = ("江苏省/常州市/武进区/湖塘镇", "江苏省/常州市/武进区", "浙江省/温州市/乐清市")
SCOPES = (None, "江苏省", "江苏省/常州市/武进区", "浙江省/温州市/乐清市", "广东省")
ROLES = ("chair", "vice_chair", "executive_member")
COMMUNITY = ((), ("grid_leader",), ("grid_leader", "party_group_leader"))
DAYS = [date(2023, 1, 1) + timedelta(days=n) for n in range(0, 400, 23)]
START = datetime(2023, 1, 1, tzinfo=UTC)
SEALED = Sealed(key_id="k1", ciphertext="A" * 60)


@st.composite
def histories(draw: st.DrawFn) -> list[Recorded]:
    """What the decider lets through: appointments, then role changes and a leaving of members
    serving, dated on or after their appointment; each recorded at a moment that only moves on (a
    fact may be dated long before it is recorded)."""
    moment = START
    members: dict[str, date] = {}  # serving: appointed on
    history: list[Recorded] = []
    for n in range(draw(st.integers(1, 30))):
        moment += timedelta(days=draw(st.sampled_from([0, 1, 30, 90])), minutes=1)
        what = draw(st.sampled_from(["appoint", "appoint", "change", "change", "leave"])) if members else "appoint"
        day = draw(st.sampled_from(DAYS))
        member = f"m{n}" if what == "appoint" else draw(st.sampled_from(sorted(members)))
        if what != "appoint":
            day = max(day, members[member])
        if what == "appoint":
            members[member] = day
            event: Any = MemberAppointed(
                member_id=member,
                federation_id=f"f{n % 3}",
                role=draw(st.sampled_from(ROLES)),
                community_roles=draw(st.sampled_from(COMMUNITY)),
                appointed_on=day,
                region=draw(st.sampled_from(REGIONS)),
                level=draw(st.sampled_from(["town", "county"])),
                personal=SEALED,
            )
        elif what == "change":
            role, roles = draw(st.sampled_from(ROLES)), draw(st.sampled_from(COMMUNITY))
            event = MemberRoleChanged(member_id=member, role=role, community_roles=roles, changed_on=day)
        else:
            event = MemberLeft(member_id=member, left_on=day, reason="resigned")
            del members[member]
        history.append(Recorded(moment, event))
    return history


def scanned(history: list[Recorded], clocks: Clocks, region: str | None, depth: int | None) -> dict[str, Any]:
    """The report's figures from the history: each member appointed on or before the date and not
    left by it, with the role of the latest change dated on or before it (the later recorded of a
    day), all as recorded by the time known."""
    known = [r for r in history if to_us(r.moment) <= clocks.known_us]
    appointed = {r.event.member_id: r.event for r in known if isinstance(r.event, MemberAppointed)}
    by: dict[str, Counter[str]] = {name: Counter() for name in ("role", "level", "region", "community_role")}
    cut = None if depth is None else (region.count("/") + 1 if region else 0) + depth
    for member, first in appointed.items():
        inside = region is None or first.region == region or first.region.startswith(region + "/")
        if not inside or first.appointed_on.isoformat() > clocks.day:
            continue
        facts = [r.event for r in known if getattr(r.event, "member_id", None) == member]
        if any(isinstance(e, MemberLeft) and e.left_on.isoformat() <= clocks.day for e in facts):
            continue
        dated = [(first.appointed_on, 0, first.role, first.community_roles)]
        dated += [
            (e.changed_on, n, e.role, e.community_roles)
            for n, e in enumerate(facts, 1)
            if isinstance(e, MemberRoleChanged) and e.changed_on.isoformat() <= clocks.day
        ]
        _, _, role, community = max(dated, key=lambda d: (d[0], d[1]))
        by["role"][role] += 1
        by["level"][first.level] += 1
        by["region"][first.region if cut is None else "/".join(first.region.split("/")[:cut])] += 1
        by["community_role"].update(community)
    return {"members": by["role"].total(), **{f"by_{name}": dict(sorted(c.items())) for name, c in by.items()}}


@settings(max_examples=60, deadline=None)
@given_examples(history=histories(), data=st.data())
def test_the_members_serving_counted_four_ways_equal_the_history(history: list[Recorded], data: st.DataObject) -> None:
    with harness.connected(history, "members") as conn:
        for _ in range(4):
            as_of = data.draw(st.one_of(st.none(), st.sampled_from(DAYS)))
            known_at = data.draw(st.one_of(st.none(), st.sampled_from([r.moment for r in history])))
            clocks = Clocks(as_of, known_at)
            region = data.draw(st.sampled_from(SCOPES))
            depth = data.draw(st.sampled_from([None, 0, 1, 2]))
            report = members_report(conn, region, clocks, region_depth=depth)
            report.pop("projects")
            assert report == scanned(history, clocks, region, depth), (clocks, region, depth)
