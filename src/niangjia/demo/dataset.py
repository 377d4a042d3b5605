"""The demo data set: five county reports, recorded so that the read models reproduce their figures.

The records are the tables in `records/`, one CSV file per kind of record and one row per record
in the order it is loaded (`tables` says how a row is written). Their ids are fixed, so the
idempotency keys are the same on every machine and a second load records nothing new. The figures
each place must reproduce are in `FIGURES`; the test suite checks the tables against them, and
checks them through the projections API after loading the set.

| place | report | what the records reproduce |
| --- | --- | --- |
| 武进区 | 2023 | 162 new-domain federations (16 emerging-industry, 19 park-and-market, 92 non-public-enterprise, 35 other); 160 micro-homes; 高新区 guides 中以园 + 53 enterprises; 星河COCOcity leads 6 micro-homes; 55 "one member, one deed" projects in 5 areas; 3,316 executive members |
| 乐清市 | 2020 | the province's first overseas federation; 6 outbound and 2 inbound chamber federations, recorded by their origin; one federation dissolved |
| 永川区 | 2025 | 116 "three new" federations covering 1,236 organisations; 22 care activities in the four 2024 campaigns, goods 199,800.00 yuan; the chamber federation founded 2024-09; association leadership elected 2024-11 |
| 振兴区 | 2021 | 24 new-domain women's committees since 2017, incl. the province's first residential-community committee |
| 扬中市 | 2023 | 32 "two new" federations on four levels; 72 micro-homes, 11 of them city-level demonstration sites |

Some records come late (`late` activities are recorded after the rest), one activity is corrected
(yc-a07 was typed a zero short, with a hundred people too many) and one retracted (yc-a03-dup
repeats yc-a03), and follow-up inspections find some organisations dormant. A change to any table
needs a new `VERSION`.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from niangjia.demo.model import RECORDS, DataSet, Place
from niangjia.demo.tables import read_table

VERSION = "demo-v3"
"""Part of every idempotency key: a changed data set needs a new version."""

WUJIN = "江苏省/常州市/武进区"
YUEQING = "浙江省/温州市/乐清市"
YONGCHUAN = "重庆市/永川区"
ZHENXING = "辽宁省/丹东市/振兴区"
YANGZHONG = "江苏省/镇江市/扬中市"

PLACES = {
    "wujin": Place(key="wujin", region=WUJIN, recorder="武进区妇联·录入员"),
    "yueqing": Place(key="yueqing", region=YUEQING, recorder="乐清市妇联·录入员"),
    "yongchuan": Place(key="yongchuan", region=YONGCHUAN, recorder="永川区妇联·录入员"),
    "zhenxing": Place(key="zhenxing", region=ZHENXING, recorder="振兴区妇联·录入员"),
    "yangzhong": Place(key="yangzhong", region=YANGZHONG, recorder="扬中市妇联·录入员"),
}

FIGURES: dict[str, Any] = {
    "wujin": {
        "region": WUJIN,
        "federations": 162,
        "emerging_industry": 16,
        "park_and_market": 19,
        "non_public_enterprise": 92,
        "micro_homes": 160,
        "hitech_guided_federations": 54,
        "hitech_guided_enterprises": 53,
        "xinghe_micro_homes": 6,
        "deeds": 55,
        "deed_areas": 5,
        "executive_members": 3316,
        "founded_window": ("2021-01-01", "2023-12-31"),  # "162 in three years"
    },
    "yueqing": {
        "region": YUEQING,
        "overseas": 1,
        "first_overseas_of_province": YUEQING,
        "outbound_chambers": 6,
        "inbound_chambers": 2,
        "dissolved": 1,
    },
    "yongchuan": {
        "region": YONGCHUAN,
        "federations": 116,
        "organisations_covered": 1236,
        "campaign_year": 2024,
        "campaign_activities": 22,
        "campaign_quarters": {1: 5, 2: 6, 3: 5, 4: 6},
        "goods_value_yuan": "199800.00",
        "chamber_founded": "2024-09",
        "leadership_elected": "2024-11",
    },
    "zhenxing": {
        "region": ZHENXING,
        "committees": 24,
        "residential_community": 1,
        "first_residential_committee_of_province": ZHENXING,
        "since": 2017,
    },
    "yangzhong": {"region": YANGZHONG, "federations": 32, "micro_homes": 72, "city_demonstration_sites": 11},
}

# Well-known ids the dashboard, the CLI's examples and the tests refer to.
WUJIN_HITECH = "wj-hitech"
WUJIN_ZHONGYI = "wj-zhongyi"
WUJIN_XINGHE = "wj-xinghe"
YONGCHUAN_CHAMBER = "yc-chamber"
YONGCHUAN_PRESCHOOL = "yc-preschool"
YONGCHUAN_CORRECTED = "yc-a07"
YUEQING_DISSOLVED = "lq-cowork"


def build_dataset() -> DataSet:
    """The whole data set, read from the tables shipped with the package."""
    data = DataSet(places=dict(PLACES))
    tables = resources.files("niangjia.demo") / "records"  # not `data`: the image's build context leaves those out
    for kind, record in RECORDS.items():
        name = f"{kind}.csv"
        data.records(kind).extend(read_table(name, (tables / name).read_text(encoding="utf-8"), record))
    return data
