"""The reports' published figures, measured through the projections API.

`niangjia demo` prints them after loading; the end-to-end tests assert that every one matches.
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from typing import Any, Protocol

from niangjia_contracts import Level

from niangjia.demo.dataset import (
    FIGURES,
    WUJIN_HITECH,
    WUJIN_XINGHE,
    YONGCHUAN,
    YONGCHUAN_PRESCHOOL,
    YUEQING,
    ZHENXING,
)
from niangjia.errors import CliError


class Reader(Protocol):
    def get(self, service: str, path: str, params: dict[str, Any] | None = None) -> Any: ...


@dataclass(frozen=True, slots=True)
class Figure:
    place: str
    label: tuple[str, str]
    """(zh, en)"""
    expected: object
    actual: object

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


def wait_caught_up(api: Reader, position: int, timeout: float = 120.0) -> None:
    """Wait until the read models have applied `position` (the projections answer 503 until then)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            api.get("projections", "/counts", {"group_by": "status", "min_position": position})
            return
        except CliError as error:
            if error.status != 503 or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def measure(api: Reader, min_position: int | None = None) -> list[Figure]:
    """Every figure of DOMAIN.md's table, as the read models give it now."""
    if min_position:
        wait_caught_up(api, min_position)
    wait: dict[str, int] = {}

    def counts(region: str, **params: Any) -> dict[str, Any]:
        result: dict[str, Any] = api.get("projections", "/counts", {"region": region, **wait, **params})
        return result

    def first(region: str, domain: str, kind: str, field: str = "county") -> str:
        """The first federation of a domain and kind in `region`: its county's path (or `field`)."""
        found = api.get("projections", "/firsts", {"region": region, "domain": domain, "kind": kind, **wait})
        if not found["items"]:
            return ""
        item = found["items"][0]
        return "/".join(item["region"].split("/")[:3]) if field == "county" else str(item[field])

    out: list[Figure] = []

    def add(place: str, zh: str, en: str, expected: object, actual: object) -> None:
        out.append(Figure(place=place, label=(zh, en), expected=expected, actual=actual))

    # 武进区
    wj = FIGURES["wujin"]
    c = counts(wj["region"])
    fed = c["federations"]
    add("武进区", "新领域妇联", "new-domain federations", wj["federations"], fed["total"])
    add(
        "武进区",
        "新兴行业妇联",
        "emerging-industry",
        wj["emerging_industry"],
        fed["by_domain"].get("emerging_industry", 0),
    )
    add("武进区", "园区市场妇联", "park and market", wj["park_and_market"], fed["by_group"].get("park_and_market", 0))
    add(
        "武进区",
        "非公企业妇联",
        "non-public enterprise",
        wj["non_public_enterprise"],
        fed["by_domain"].get("non_public_enterprise", 0),
    )
    add("武进区", "妇女微家", "micro-homes", wj["micro_homes"], c["micro_homes"]["total"])
    add("武进区", "执委", "executive members", wj["executive_members"], fed["executive_members"])
    start, end = wj["founded_window"]
    window = api.get(
        "projections", "/founded", {"region": wj["region"], "founded_from": start, "founded_to": end, **wait}
    )
    add("武进区", "三年新建妇联", "federations founded in three years", wj["federations"], window["total"])
    tree = api.get("projections", f"/federations/{WUJIN_HITECH}/guided", wait)
    add(
        "武进区",
        "高新区妇联指导的组织",
        "guided by the high-tech zone",
        wj["hitech_guided_federations"],
        tree["direct"]["federations"],
    )
    add(
        "武进区",
        "其中非公企业妇联",
        "of which enterprises",
        wj["hitech_guided_enterprises"],
        tree["direct"]["by_domain"].get("non_public_enterprise", 0),
    )
    xinghe = api.get("projections", f"/federations/{WUJIN_XINGHE}/guided", wait)
    add(
        "武进区",
        "星河COCOcity 牵头的微家",
        "micro-homes led by 星河COCOcity",
        wj["xinghe_micro_homes"],
        xinghe["direct"]["micro_homes"],
    )
    deeds = api.get("projections", "/members/report", {"region": wj["region"], **wait})["projects"]
    add("武进区", "“一执委一实事”项目", "one member, one deed projects", wj["deeds"], deeds["projects"])
    add("武进区", "项目领域", "areas", wj["deed_areas"], deeds["service_areas"])

    # 乐清市
    lq = FIGURES["yueqing"]
    province = counts(YUEQING.rsplit("/", 2)[0])
    add(
        "乐清市",
        "全省海外妇联",
        "overseas federations in the province",
        lq["overseas"],
        province["federations"]["by_domain"].get("overseas", 0),
    )
    chambers = api.get("projections", "/chambers", {"region": YUEQING, **wait})["by_origin"]
    add("乐清市", "在外商会妇联", "outbound chambers", lq["outbound_chambers"], chambers["outbound"])
    add("乐清市", "来乐商会妇联", "inbound chambers", lq["inbound_chambers"], chambers["inbound"])
    add(
        "乐清市",
        "全省首个海外妇联",
        "the province's first overseas federation",
        lq["first_overseas_of_province"],
        first(YUEQING.split("/")[0], "overseas", "federation"),
    )
    add(
        "乐清市",
        "已撤销",
        "dissolved",
        lq["dissolved"],
        counts(YUEQING)["ended"]["federations"],
    )

    # 永川区
    yc = FIGURES["yongchuan"]
    c = counts(YONGCHUAN)
    three_new = sum(c["federations"]["by_sector"].get(s, 0) for s in ("new_economic", "new_social", "new_employment"))
    add("永川区", "“三新”领域妇联", "three-new federations", yc["federations"], three_new)
    add(
        "永川区",
        "覆盖组织",
        "organisations covered",
        yc["organisations_covered"],
        c["federations"]["organisations_covered"],
    )
    year = api.get("projections", f"/campaigns/{yc['campaign_year']}", {"region": YONGCHUAN, **wait})
    add(
        "永川区",
        "四季关爱活动",
        "seasonal campaign activities",
        yc["campaign_activities"],
        year["in_campaigns"]["activities"],
    )
    add(
        "永川区",
        "各季度活动",
        "activities per quarter",
        dict(yc["campaign_quarters"]),
        {q["quarter"]: q["activities"] for q in year["quarters"]},
    )
    add("永川区", "爱心物资（元）", "goods (yuan)", yc["goods_value_yuan"], year["in_campaigns"]["goods_value_yuan"])
    chamber = first(YONGCHUAN, "chamber_of_commerce", "federation", field="founded_on")
    add("永川区", "首个商会妇联成立", "first chamber federation founded", yc["chamber_founded"], chamber[:7])
    year, month = (int(part) for part in yc["leadership_elected"].split("-"))
    days = calendar.monthrange(year, month)[1]
    elected = api.get(
        "projections",
        "/elections",
        {
            "region": YONGCHUAN,
            "elected_from": f"{year}-{month:02}-01",
            "elected_to": f"{year}-{month:02}-{days}",
            **wait,
        },
    )
    add(
        "永川区",
        "协会妇联首届领导班子",
        "association leadership elected",
        yc["leadership_elected"],
        ",".join(elected["by_month"]) if YONGCHUAN_PRESCHOOL in {i["federation_id"] for i in elected["items"]} else "",
    )

    # 振兴区
    zx = FIGURES["zhenxing"]
    c = counts(ZHENXING)
    add(
        "振兴区",
        "新领域妇委会",
        "new-domain committees",
        zx["committees"],
        c["federations"]["by_kind"].get("committee", 0),
    )
    add(
        "振兴区",
        "小区妇委会",
        "residential-community committee",
        zx["residential_community"],
        c["federations"]["by_domain"].get("residential_community", 0),
    )
    add(
        "振兴区",
        "全省首个小区妇委会",
        "the province's first residential-community committee",
        zx["first_residential_committee_of_province"],
        first(ZHENXING.split("/")[0], "residential_community", "committee"),
    )
    add("振兴区", "2017 年以前", "before 2017", 0, counts(ZHENXING, as_of="2016-12-31")["federations"]["total"])

    # 扬中市
    yz = FIGURES["yangzhong"]
    c = counts(yz["region"])
    two_new = sum(c["federations"]["by_sector"].get(s, 0) for s in ("new_economic", "new_social"))
    add("扬中市", "“两新”组织妇联", "two-new federations", yz["federations"], two_new)
    add("扬中市", "妇女微家", "micro-homes", yz["micro_homes"], c["micro_homes"]["total"])
    add(
        "扬中市",
        "市级示范点",
        "city-level demonstration sites",
        yz["city_demonstration_sites"],
        c["micro_homes"]["recognised"].get("city", 0),
    )
    top_down = [level.value for level in Level]  # from the county down, as a reader reads a hierarchy
    rank = {code: i for i, code in enumerate(top_down)}
    found = sorted(c["federations"]["by_level"], key=lambda code: (rank.get(code, len(rank)), code))
    add("扬中市", "组织层级", "levels", top_down, found)
    return out
