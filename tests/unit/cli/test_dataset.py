"""The demo data set reproduces the reports' figures by construction and is valid for the services."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date
from decimal import Decimal

from niangjia.demo.dataset import (
    FIGURES,
    WUJIN_HITECH,
    WUJIN_XINGHE,
    YUEQING_DISSOLVED,
    build_dataset,
)
from niangjia.demo.loader import waves
from niangjia.demo.model import RECORDS, DataSet, Federation

ENTITY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
DATA = build_dataset()


def place(data: DataSet, key: str) -> list[Federation]:
    return [f for f in data.federations if f.place == key]


def test_every_kind_of_record_is_in_the_data_set() -> None:
    assert [kind for kind in RECORDS if not DATA.records(kind)] == []


def test_wujin_figures() -> None:
    feds = place(DATA, "wujin")
    domains = Counter(f.domain for f in feds)
    figures = FIGURES["wujin"]
    assert len(feds) == figures["federations"]
    assert domains["emerging_industry"] == figures["emerging_industry"]
    assert domains["industrial_park"] + domains["market"] == figures["park_and_market"]
    assert domains["non_public_enterprise"] == figures["non_public_enterprise"]
    assert sum(f.executive_members for f in feds) == figures["executive_members"]
    assert len([m for m in DATA.micro_homes if m.place == "wujin"]) == figures["micro_homes"]
    guided = [f for f in feds if f.guided_by == WUJIN_HITECH]
    assert len(guided) == 54
    assert Counter(f.domain for f in guided)["non_public_enterprise"] == 53
    assert len([m for m in DATA.micro_homes if m.host_federation_id == WUJIN_XINGHE]) == 6
    deeds = [a for a in DATA.activities if a.place == "wujin"]
    assert len(deeds) == 55
    assert len({a.service_area for a in deeds}) == 5
    projects = [p for p in DATA.projects if p.place == "wujin"]
    assert len(projects) == figures["deeds"] and len({p.service_area for p in projects}) == figures["deed_areas"]


def test_yongchuan_figures_after_the_correction_and_the_retraction() -> None:
    feds = place(DATA, "yongchuan")
    assert len(feds) == 116
    assert sum(f.organisations_covered for f in feds) == 1236
    retracted = {r.activity_id for r in DATA.retractions}
    activities = {a.id: a for a in DATA.activities if a.place == "yongchuan" and a.id not in retracted}
    for correction in DATA.corrections:
        old = activities[correction.activity_id]
        activities[old.id] = replace(old, **correction.changes)
    assert len(activities) == 22
    assert sum(Decimal(str(a.goods_value_yuan)) for a in activities.values()) == Decimal("199800.00")
    assert Counter(a.campaign for a in activities.values()) == {
        "spring_warmth": 5,
        "summer_cooling": 6,
        "autumn_health": 5,
        "winter_skills": 6,
    }
    chambers = sorted(f.founded_on for f in feds if f.domain == "chamber_of_commerce")
    assert chambers[0] == date(2024, 9, 12)


def test_the_other_places() -> None:
    zhenxing = place(DATA, "zhenxing")
    assert len(zhenxing) == 24 and {f.kind for f in zhenxing} == {"committee"}
    assert min(f.founded_on for f in zhenxing).year == 2017
    yangzhong = place(DATA, "yangzhong")
    assert len(yangzhong) == 32
    assert {f.level for f in yangzhong} == {"county", "town", "village", "grid"}
    assert len([m for m in DATA.micro_homes if m.place == "yangzhong"]) == 72
    assert len([r for r in DATA.recognitions if r.place == "yangzhong" and r.level == "city"]) == 11
    yueqing = Counter(f.domain for f in place(DATA, "yueqing"))
    assert yueqing["overseas"] == 1 and yueqing["chamber_of_commerce"] == 8
    assert [d.federation_id for d in DATA.dissolutions] == [YUEQING_DISSOLVED]


def test_every_record_is_one_the_services_accept() -> None:
    today = date.today()
    founded = {f.id: f.founded_on for f in DATA.federations}
    opened = {m.id: m.opened_on for m in DATA.micro_homes}
    for f in DATA.federations:
        assert ENTITY_ID.match(f.id) and f.founded_on <= today
        if f.guided_by:
            assert founded[f.guided_by] <= f.founded_on
    for m in DATA.micro_homes:
        assert ENTITY_ID.match(m.id) and founded[m.host_federation_id] <= m.opened_on <= today
    for a in DATA.activities:
        assert (founded.get(a.organiser_id) or opened[a.organiser_id]) <= a.held_on <= today, a.id
    for i in DATA.inspections:
        assert founded[i.federation_id] <= i.inspected_on <= today
    appointed = {m.id: m.appointed_on for m in DATA.members}
    for member in DATA.members:
        assert ENTITY_ID.match(member.id) and founded[member.federation_id] <= member.appointed_on <= today
    for p in DATA.projects:
        assert appointed[p.member_id] <= p.pledged_on <= (p.completed_on or today) <= today, p.id
    assert len(set(founded)) == len(DATA.federations)
    keys = [c.key for _, commands in waves(DATA) for c in commands]
    assert len(keys) == len(set(keys)) == DATA.size
