"""A data set of its own for the reports' end-to-end test: two counties the demo does not use
(杭州 西湖区 and 成都 武侯区), their federations, micro-homes, members, projects, inspections and
care activities, recorded in two phases. The second phase (`late`) is recorded after a first
`known_at` instant: a federation entered late, late activities, an inspection, a correction, a
retraction, a dissolution and a project's completion.

Every record is a plain value; `expected.py` computes the reports' figures from these values
alone, by the reports' documented definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

XIHU = "浙江省/杭州市/西湖区"
WUHOU = "四川省/成都市/武侯区"
COUNTY_CODES = {XIHU: "330106", WUHOU: "510107"}
"""GB/T 2260 codes of the two counties."""


@dataclass(frozen=True)
class Org:
    """A federation (`host` is the guiding federation) or a micro-home (`host` is its host)."""

    id: str
    county: str
    type: str  # federation | micro_home
    name: str
    region: str
    opened_on: date
    host: str | None = None
    kind: str | None = None
    domain: str | None = None
    level: str | None = None
    setting: str | None = None
    women: int = 0
    executives: int = 0
    covered: int = 1
    members: int = 0
    late: bool = False
    dissolved_on: date | None = None  # recorded in the second phase
    elected: date | None = None  # its first leadership elected on
    origin: str | None = None  # a chamber's origin


@dataclass(frozen=True)
class Activity:
    id: str
    county: str
    organiser: str
    held_on: date
    campaign: str | None
    people: int
    volunteers: int
    goods: Decimal
    late: bool = False
    corrected: dict[str, object] = field(default_factory=dict)  # changed in the second phase
    retracted: bool = False  # retracted in the second phase


@dataclass(frozen=True)
class Inspection:
    federation: str
    county: str
    inspected_on: date
    finding: str
    late: bool = False


@dataclass(frozen=True)
class Recognition:
    org: str
    county: str
    recognised_on: date
    level: str


@dataclass(frozen=True)
class Member:
    id: str
    county: str
    federation: str
    role: str
    appointed_on: date
    community_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Project:
    id: str
    county: str
    member: str
    service_area: str
    pledged_on: date
    completed_on: date | None = None
    completion_late: bool = False


def _fed(fid: str, county: str, town: str, founded: str, domain: str, level: str, **more: Any) -> Org:
    region, day = f"{county}/{town}" if town else county, date.fromisoformat(founded)
    kind = str(more.pop("kind", "federation"))
    return Org(fid, county, "federation", f"{fid} 妇联", region, day, domain=domain, level=level, kind=kind, **more)


def _home(hid: str, county: str, town: str, opened: str, setting: str, host: str, members: int) -> Org:
    region, day = f"{county}/{town}" if town else county, date.fromisoformat(opened)
    return Org(hid, county, "micro_home", f"{hid} 妇女微家", region, day, host=host, setting=setting, members=members)


D = date.fromisoformat
Y = Decimal
TZ, LX = "转塘街道", "留下街道"
YL, CQ = "玉林街道", "簇桥街道"

ORGS: list[Org] = [
    _fed("xh-park", XIHU, "", "2022-04-10", "industrial_park", "county", women=300, executives=20, covered=12),
    _fed("xh-e1", XIHU, TZ, "2022-06-01", "non_public_enterprise", "village", host="xh-park", women=41, executives=5),
    _fed("xh-e2", XIHU, TZ, "2023-02-15", "non_public_enterprise", "village", host="xh-park", women=42, executives=5),
    _fed("xh-e3", XIHU, TZ, "2023-09-20", "emerging_industry", "village", host="xh-park", women=43, executives=6),
    _fed("xh-e4", XIHU, TZ, "2024-05-05", "non_public_enterprise", "village", host="xh-park", women=44, executives=5),
    _fed("xh-market", XIHU, LX, "2021-11-11", "market", "town", women=60, executives=7, covered=30),
    _fed("xh-social", XIHU, LX, "2023-03-03", "social_organization", "village", kind="committee", women=25),
    _fed(
        "xh-chamber",
        XIHU,
        TZ,
        "2022-08-08",
        "chamber_of_commerce",
        "town",
        women=80,
        executives=9,
        covered=45,
        dissolved_on=D("2024-03-31"),
        origin="inbound",
    ),
    _fed(
        "xh-late",
        XIHU,
        f"{TZ}/龙坞社区",
        "2023-07-07",
        "emerging_industry",
        "grid",
        kind="group",
        host="xh-park",
        women=15,
        executives=3,
        late=True,
        elected=D("2024-02-01"),
    ),
    _fed("wh-hub", WUHOU, "", "2021-05-20", "business_district", "county", women=500, executives=25, covered=40),
    _fed("wh-s1", WUHOU, YL, "2022-03-01", "social_organization", "village", host="wh-hub", women=33, executives=4),
    _fed(
        "wh-s2",
        WUHOU,
        YL,
        "2023-09-30",  # the last day of a quarter: open in it
        "industry_association",
        "village",
        host="wh-hub",
        women=28,
        executives=4,
        covered=16,
        elected=D("2024-01-15"),
    ),
    _fed(
        "wh-s3", WUHOU, YL, "2024-08-18", "office_building", "village", host="wh-hub", women=36, executives=5, covered=9
    ),
    _fed(
        "wh-s4",
        WUHOU,
        YL,
        "2022-10-10",
        "social_organization",
        "village",
        host="wh-hub",
        women=12,
        executives=2,
        dissolved_on=D("2023-10-01"),  # the first day of a quarter: open in it,
    ),
    _fed("wh-old", WUHOU, CQ, "2020-01-15", "talent_apartment", "village", women=19, executives=3),
    _fed("wh-weak", WUHOU, CQ, "2022-01-01", "residential_community", "grid", kind="committee", women=22),
    _home("xh-mh1", XIHU, TZ, "2022-09-01", "stairwell", "xh-e1", 12),
    _home("xh-mh2", XIHU, LX, "2023-04-01", "merchant", "xh-market", 8),
    _home("xh-mh3", XIHU, "", "2024-02-02", "online", "xh-park", 20),
    _home("wh-mh1", WUHOU, YL, "2022-05-05", "community", "wh-s1", 15),
    _home("wh-mh2", WUHOU, CQ, "2023-01-20", "service_center", "wh-hub", 9),
    # on the first day of the later as_of's silence period: opened then (not before it), or active then
    _home("wh-mh3", WUHOU, YL, "2022-06-01", "enterprise", "wh-s1", 7),
    _home("wh-mh4", WUHOU, YL, "2023-10-01", "market", "wh-s1", 5),
]


def _act(
    aid: str, organiser: str, held: str, campaign: str | None, people: int, volunteers: int, goods: str, **more: object
) -> Activity:
    county = XIHU if aid.startswith("xa") else WUHOU
    return Activity(aid, county, organiser, D(held), campaign, people, volunteers, Y(goods), **more)  # type: ignore[arg-type]


ACTIVITIES: list[Activity] = [
    _act("xa01", "xh-park", "2023-02-14", "spring_warmth", 120, 10, "3000.00"),
    _act("xa02", "xh-e1", "2023-05-20", "summer_cooling", 80, 6, "1500.50"),
    _act("xa03", "xh-social", "2023-05-25", None, 45, 3, "0.00"),
    _act("xa04", "xh-mh1", "2023-08-08", "autumn_health", 30, 2, "600.00"),
    _act("xa05", "xh-park", "2023-11-11", "winter_skills", 200, 15, "5200.00"),
    _act("xa06", "xh-e2", "2024-01-10", "spring_warmth", 60, 4, "900.00"),
    _act(
        "xa07",
        "xh-mh3",
        "2024-03-08",
        "spring_warmth",
        150,
        12,
        "4100.00",
        corrected={"people_served": 105, "goods_value_yuan": "1400.00"},
    ),
    _act("xa08", "xh-chamber", "2024-02-20", None, 70, 5, "700.00"),
    _act("xa09", "xh-e1", "2024-07-15", "autumn_health", 90, 8, "2000.00"),
    _act("xa10", "xh-e1", "2024-07-15", "autumn_health", 90, 8, "2000.00", retracted=True),
    _act(
        "xa13",
        "xh-e3",
        "2024-09-25",
        "autumn_health",
        33,
        3,
        "330.00",
        corrected={"held_on": "2024-10-05", "campaign": "winter_skills"},
    ),
    _act("xa11", "xh-late", "2024-10-10", "winter_skills", 55, 5, "1100.00", late=True),
    _act("xa12", "xh-mh1", "2024-09-20", None, 25, 2, "250.00", late=True),
    _act("wa01", "wh-hub", "2023-03-03", "spring_warmth", 300, 20, "10000.00"),
    _act(
        "wa02",
        "wh-s1",
        "2023-06-06",
        "summer_cooling",
        40,
        4,
        "800.00",
        corrected={"organiser_id": "wh-hub", "held_on": "2023-07-06", "campaign": "autumn_health"},
    ),
    _act("wa03", "wh-mh1", "2023-09-09", None, 35, 3, "350.00"),
    _act("wa04", "wh-old", "2024-04-20", "summer_cooling", 50, 5, "500.00"),
    _act("wa05", "wh-s2", "2024-11-11", "winter_skills", 65, 6, "1300.00"),
    _act("wa07", "wh-mh3", "2023-10-01", None, 18, 1, "90.00"),
    _act("wa06", "wh-hub", "2024-08-12", None, 22, 2, "220.00", late=True),
]

INSPECTIONS: list[Inspection] = [
    Inspection("wh-old", WUHOU, D("2023-06-30"), "dormant"),
    Inspection("wh-weak", WUHOU, D("2024-02-02"), "weak"),
    Inspection("xh-e2", XIHU, D("2023-12-01"), "active"),
    Inspection("wh-s1", WUHOU, D("2023-07-01"), "dormant"),
    Inspection("wh-s1", WUHOU, D("2024-03-01"), "active", late=True),
    Inspection("xh-social", XIHU, D("2024-06-01"), "dormant", late=True),
]

RECOGNITIONS: list[Recognition] = [
    Recognition("xh-mh3", XIHU, D("2024-09-09"), "city"),
    Recognition("xh-park", XIHU, D("2023-03-08"), "provincial"),
    Recognition("wh-mh1", WUHOU, D("2023-12-12"), "county"),
]

MEMBERS: list[Member] = [
    Member("xm1", XIHU, "xh-park", "chair", D("2022-05-01")),
    Member("xm2", XIHU, "xh-e1", "executive_member", D("2023-03-01")),
    Member("xm3", XIHU, "xh-social", "vice_chair", D("2024-04-01"), ("grid_leader",)),
    Member("wm1", WUHOU, "wh-hub", "chair", D("2021-06-01")),
    Member("wm2", WUHOU, "wh-s1", "executive_member", D("2022-04-01")),
]

PROJECTS: list[Project] = [
    Project("xp1", XIHU, "xm1", "family_education", D("2023-06-01"), D("2023-12-01")),
    Project("xp2", XIHU, "xm2", "rights_protection", D("2024-03-01")),
    Project("xp3", XIHU, "xm3", "care_for_women_and_children", D("2024-05-05"), D("2024-08-30"), completion_late=True),
    Project("wp1", WUHOU, "wm1", "ideological_guidance", D("2023-02-02")),
    Project("wp2", WUHOU, "wm2", "womens_entrepreneurship", D("2024-09-09"), D("2024-09-25")),
]


def org(org_id: str) -> Org:
    return next(o for o in ORGS if o.id == org_id)
