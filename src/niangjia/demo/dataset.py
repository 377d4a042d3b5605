"""The demo data set: five county reports, recorded so that the read models reproduce their figures.

Everything is drawn from one seeded random, so the same seed gives the same records, ids and
idempotency keys on every machine. The figures each place must reproduce are in `FIGURES`; the
test suite checks them through the projections API after loading the set.

| place | report | what the records reproduce |
| --- | --- | --- |
| 武进区 | 2023 | 162 new-domain federations (16 emerging-industry, 19 park-and-market, 92 non-public-enterprise, 35 other); 160 micro-homes; 高新区 guides 中以园 + 53 enterprises; 星河COCOcity leads 6 micro-homes; 55 "one member, one deed" projects in 5 areas; 3,316 executive members |
| 乐清市 | 2020 | the province's first overseas federation; 6 outbound and 2 inbound chamber federations; one federation dissolved |
| 永川区 | 2025 | 116 "three new" federations covering 1,236 organisations; 22 care activities in the four 2024 campaigns, goods 199,800.00 yuan; the chamber federation founded 2024-09; association leadership elected 2024-11 |
| 振兴区 | 2021 | 24 new-domain women's committees since 2017, incl. the province's first residential-community committee |
| 扬中市 | 2023 | 32 "two new" federations on four levels; 72 micro-homes, 11 of them city-level demonstration sites |

Some records come late (recorded after the rest), one activity is corrected and one retracted, and
follow-up inspections find some organisations dormant.
"""

from __future__ import annotations

import random
from dataclasses import fields
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from niangjia.demo.model import (
    Activity,
    Correction,
    DataSet,
    Dissolution,
    Federation,
    Inspection,
    MicroHome,
    Place,
    Recognition,
    Retraction,
)
from niangjia.demo.names import Namer

SEED = 20240901
VERSION = "demo-v1"
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
    },
    "yueqing": {"region": YUEQING, "overseas": 1, "outbound_chambers": 6, "inbound_chambers": 2, "dissolved": 1},
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
    "zhenxing": {"region": ZHENXING, "committees": 24, "residential_community": 1, "since": 2017},
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

SERVICE_AREAS = (
    "ideological_guidance",
    "womens_entrepreneurship",
    "rights_protection",
    "family_education",
    "care_for_women_and_children",
)
CAMPAIGNS = ("spring_warmth", "summer_cooling", "autumn_health", "winter_skills")


def build_dataset(seed: int = SEED) -> DataSet:
    """The whole data set, the same for the same seed."""
    rng = random.Random(seed)
    namer = Namer(rng)
    data = DataSet(places=dict(PLACES))
    _wujin(data, rng, namer)
    _yueqing(data, rng)
    _yongchuan(data, rng, namer)
    _zhenxing(data, rng)
    _yangzhong(data, rng, namer)
    return data


# --- helpers -----------------------------------------------------------------------------------


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _split(rng: random.Random, total: int, parts: int, low: int, high: int) -> list[int]:
    """`parts` integers in [low, high] (the last may stray a little) that add up to `total`."""
    values = [rng.randint(low, high) for _ in range(parts)]
    values[-1] += total - sum(values)
    while values[-1] < low:  # spread a shortfall over the others
        i = rng.randrange(parts - 1)
        if values[i] > low:
            values[i] -= 1
            values[-1] += 1
    return values


def _money_split(rng: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """`parts` amounts in whole hundreds of yuan that add up to `total`."""
    hundreds = _split(rng, int(total) // 100, parts, 30, 140)
    return [Decimal(h * 100).quantize(Decimal("0.01")) for h in hundreds]


def _quarter_day(rng: random.Random, year: int, quarter: int) -> date:
    start = date(year, 3 * quarter - 2, 1)
    end = (
        date(year + 1, 1, 1) - timedelta(days=1) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(days=1)
    )
    return _day(rng, start, end)


# --- 武进区 (report 000) -----------------------------------------------------------------------

WUJIN_TOWNS = (
    "湖塘镇",
    "牛塘镇",
    "洛阳镇",
    "遥观镇",
    "横林镇",
    "横山桥镇",
    "雪堰镇",
    "前黄镇",
    "礼嘉镇",
    "嘉泽镇",
    "湟里镇",
    "西湖街道",
    "南夏墅街道",
)
WUJIN_HITECH_REGION = f"{WUJIN}/武进国家高新区"
WUJIN_EMERGING = (
    "外卖送餐",
    "快递物流",
    "网络主播",
    "家庭教育指导师",
    "家庭整理收纳师",
    "民宿管家",
    "网约车",
    "家政服务",
    "美容美发",
    "健康管理师",
    "心理咨询师",
    "婚庆服务",
    "宠物服务",
    "花艺师",
    "电商运营",
    "健身教练",
)
WUJIN_PARKS = (
    ("武进经济开发区妇联", "武进经济开发区管委会", "西湖街道"),
    ("西太湖科技产业园妇联", "西太湖科技产业园管委会", "西湖街道"),
    ("武进绿色建筑产业集聚示范区妇联", "绿色建筑产业集聚示范区管委会", "礼嘉镇"),
    ("湖塘科技产业园妇联", "湖塘科技产业园", "湖塘镇"),
    ("牛塘工业园妇联", "牛塘工业园", "牛塘镇"),
    ("洛阳工业集中区妇联", "洛阳工业集中区", "洛阳镇"),
    ("遥观工业园妇联", "遥观工业园", "遥观镇"),
    ("横林工业园妇联", "横林工业园", "横林镇"),
    ("横山桥工业园妇联", "横山桥工业园", "横山桥镇"),
    ("前黄工业园妇联", "前黄工业园", "前黄镇"),
)
WUJIN_MARKETS = (
    ("湖塘纺织城妇联", "湖塘纺织城市场", "湖塘镇"),
    ("横林地板市场妇联", "横林国际地板市场", "横林镇"),
    ("武进农产品批发市场妇联", "武进农产品批发市场", "湖塘镇"),
    ("遥观钢材市场妇联", "遥观钢材市场", "遥观镇"),
    ("雪堰水果市场妇联", "雪堰水果批发市场", "雪堰镇"),
    ("湟里特色农产品市场妇联", "湟里农产品市场", "湟里镇"),
)
WUJIN_HITECH_ENTERPRISES = (
    "五洋纺机",
    "万帮数字能源",
    "钱璟康复",
    "金石机器人",
    "卡尔迈耶",
    "南方精工",
    "理想汽车",
    "恒力液压",
    "龙城精锻",
)
WUJIN_OTHERS: tuple[tuple[str, str, str], ...] = (
    # (domain, name, town)
    ("business_district", "吾悦广场妇联", "湖塘镇"),
    ("business_district", "一米艺术妇联", "湖塘镇"),
    ("business_district", "万达广场妇联", "湖塘镇"),
    ("business_district", "九洲新世界商圈妇联", "湖塘镇"),
    ("business_district", "花园街商圈妇联", "南夏墅街道"),
    ("office_building", "武进科技大厦楼宇妇联", "湖塘镇"),
    ("office_building", "武进金融广场楼宇妇联", "湖塘镇"),
    ("office_building", "西太湖创新大厦楼宇妇联", "西湖街道"),
    ("office_building", "武进电商产业园楼宇妇联", "南夏墅街道"),
    ("industry_chain", "新能源汽车产业链妇联", "西湖街道"),
    ("industry_chain", "智能装备产业链妇联", "南夏墅街道"),
    ("industry_chain", "光伏产业链妇联", "湖塘镇"),
    ("social_organization", "禾芮托育中心妇联", "南夏墅街道"),
    ("social_organization", "武进区女性社会组织联合会妇联", "湖塘镇"),
    ("social_organization", "阳湖女声志愿服务中心妇联", "湖塘镇"),
    ("social_organization", "武进区慈善义工协会妇联", "湖塘镇"),
    ("social_organization", "武进区星辰特殊儿童康复中心妇联", "牛塘镇"),
    ("social_organization", "武进区巾帼志愿者联合会妇联", "湖塘镇"),
    ("social_organization", "武进区阳光助残服务中心妇联", "洛阳镇"),
    ("social_organization", "武进区民办教育协会妇联", "湖塘镇"),
    ("social_organization", "武进区心理健康服务中心妇联", "西湖街道"),
    ("social_organization", "武进区家庭教育指导中心妇联", "湖塘镇"),
    ("industry_association", "武进区律师协会妇联", "湖塘镇"),
    ("industry_association", "武进区女企业家协会妇联", "湖塘镇"),
    ("industry_association", "武进区家庭服务业协会妇联", "湖塘镇"),
    ("industry_association", "武进区电子商务协会妇联", "南夏墅街道"),
    ("industry_association", "武进区美容美发协会妇联", "湖塘镇"),
    ("industry_association", "武进区餐饮协会妇联", "湖塘镇"),
    ("industry_association", "武进区物流协会妇联", "遥观镇"),
    ("industry_association", "武进区会计协会妇联", "湖塘镇"),
    ("chamber_of_commerce", "常州市武进区温州商会妇联", "湖塘镇"),
    ("chamber_of_commerce", "常州市武进区福建商会妇联", "湖塘镇"),
    ("chamber_of_commerce", "常州市武进区安徽商会妇联", "湖塘镇"),
    ("chamber_of_commerce", "常州市武进区江西商会妇联", "湖塘镇"),
)
XINGHE_HOMES = ("七田阳光", "美吉姆", "东书房", "乐高教育", "悦享瑜伽", "花间书咖")
SETTING_OF_DOMAIN = {
    "non_public_enterprise": "enterprise",
    "industrial_park": "enterprise",
    "market": "market",
    "business_district": "merchant",
    "office_building": "enterprise",
    "industry_chain": "enterprise",
    "social_organization": "community",
    "industry_association": "service_center",
    "chamber_of_commerce": "merchant",
    "emerging_industry": "online",
}
DEED_TITLES = {
    "ideological_guidance": ("巾帼红色故事宣讲", "云端思想引领课堂", "新就业女性党史学习"),
    "womens_entrepreneurship": ("慧雅微家“五力”筑同心", "女性创业政策辅导", "巾帼助农直播培训"),
    "rights_protection": ("“换你微笑”法律港湾", "妇女维权普法进园区", "女职工权益法律咨询"),
    "family_education": ("家庭家教家风微课堂", "亲子共读成长营", "最美家庭故事分享"),
    "care_for_women_and_children": ("女职工“两癌”筛查", "留守儿童暑期托管", "新业态女性健康关爱"),
}


def _wujin(data: DataSet, rng: random.Random, namer: Namer) -> None:
    start, end = date(2021, 1, 10), date(2023, 10, 31)  # "三年来"
    feds: list[Federation] = []
    executives = _split(rng, FIGURES["wujin"]["executive_members"], 162, 12, 29)

    def add(**fields: Any) -> Federation:
        fields.setdefault("kind", "federation")
        fields.setdefault("executive_members", executives[len(feds)])
        federation = Federation(place="wujin", **fields)
        feds.append(federation)
        return federation

    hitech = add(
        id=WUJIN_HITECH,
        name="武进国家高新区妇联",
        domain="industrial_park",
        level="town",
        region=WUJIN_HITECH_REGION,
        host_organisation="武进国家高新技术产业开发区管委会",
        founded_on=date(2021, 3, 18),
        women_members=2860,
        organisations_covered=54,
    )
    add(
        id=WUJIN_ZHONGYI,
        name="中以常州创新园妇联",
        domain="industrial_park",
        level="village",
        region=f"{WUJIN_HITECH_REGION}/中以常州创新园",
        host_organisation="中以常州创新园",
        guided_by=hitech.id,
        founded_on=date(2021, 6, 8),
        women_members=420,
        organisations_covered=18,
    )
    # the 53 enterprise federations the high-tech zone guided ("1+N 园企共建")
    for i in range(53):
        short = WUJIN_HITECH_ENTERPRISES[i] if i < len(WUJIN_HITECH_ENTERPRISES) else None
        host = f"常州{short}有限公司" if short else namer.company("常州")
        add(
            id=f"wj-hx{i + 1:02d}",
            name=namer.unique(f"{short}妇联" if short else host.removesuffix("有限公司") + "妇联"),
            domain="non_public_enterprise",
            level="village",
            region=WUJIN_HITECH_REGION,
            host_organisation=host,
            guided_by=hitech.id,
            founded_on=_day(rng, date(2021, 4, 1), end),
            women_members=rng.randint(40, 900),
        )
    flower = add(
        id="wj-flower",
        name="嘉泽夏溪花木市场妇联",
        domain="market",
        level="village",
        region=f"{WUJIN}/嘉泽镇",
        host_organisation="夏溪花木市场",
        founded_on=date(2021, 9, 15),
        women_members=310,
        organisations_covered=12,
    )
    for i, (name, host, town) in enumerate(WUJIN_PARKS):
        add(
            id=f"wj-park{i + 1:02d}",
            name=name,
            domain="industrial_park",
            level="town",
            region=f"{WUJIN}/{town}",
            host_organisation=host,
            founded_on=_day(rng, start, end),
            women_members=rng.randint(300, 2000),
            organisations_covered=rng.randint(8, 40),
        )
    for i, (name, host, town) in enumerate(WUJIN_MARKETS):
        add(
            id=f"wj-market{i + 1:02d}",
            name=name,
            domain="market",
            level="village",
            region=f"{WUJIN}/{town}",
            host_organisation=host,
            founded_on=_day(rng, start, end),
            women_members=rng.randint(80, 600),
            organisations_covered=rng.randint(5, 30),
        )
    for i, trade in enumerate(WUJIN_EMERGING):
        add(
            id=f"wj-new{i + 1:02d}",
            name=f"武进区{trade}行业妇联",
            domain="emerging_industry",
            level="county",
            region=WUJIN,
            host_organisation="武进区新业态新就业群体党群服务中心",
            founded_on=_day(rng, date(2022, 3, 1), end),
            women_members=rng.randint(30, 500),
        )
    xinghe = add(
        id=WUJIN_XINGHE,
        name="星河COCOcity妇联",
        domain="business_district",
        level="village",
        region=f"{WUJIN}/湖塘镇",
        host_organisation="星河COCOcity购物中心",
        founded_on=date(2021, 11, 20),
        women_members=260,
        organisations_covered=6,
    )
    for i, (domain, name, town) in enumerate(WUJIN_OTHERS):
        add(
            id=f"wj-o{i + 1:02d}",
            name=name,
            domain=domain,
            level="village" if domain in ("business_district", "office_building") else "county",
            region=f"{WUJIN}/{town}",
            host_organisation=name.removesuffix("妇联"),
            founded_on=_day(rng, start, end),
            women_members=rng.randint(30, 800),
            organisations_covered=rng.randint(1, 25),
        )
    for i in range(92 - 53):
        town = rng.choice(WUJIN_TOWNS)
        host = "常州慧雅智能科技有限公司" if i == 0 else namer.company("常州")
        add(
            id=f"wj-e{i + 1:02d}",
            name=namer.unique(host.removesuffix("有限公司") + "妇联"),
            domain="non_public_enterprise",
            level="village",
            region=f"{WUJIN}/{'湖塘镇' if i == 0 else town}",
            host_organisation=host,
            founded_on=_day(rng, start, end),
            women_members=rng.randint(30, 700),
        )
    assert len(feds) == 162, len(feds)
    data.federations.extend(feds)

    # 160 micro-homes: 6 led by 星河COCOcity, 2 at the flower market, the rest across the others
    homes: list[MicroHome] = []

    def home(host: Federation, name: str, setting: str, theme: str | None = None) -> None:
        opened = max(host.founded_on + timedelta(days=rng.randint(20, 240)), start)
        homes.append(
            MicroHome(
                id=f"wj-mh{len(homes) + 1:03d}",
                place="wujin",
                name=namer.unique(name),
                setting=setting,
                region=host.region,
                host_federation_id=host.id,
                opened_on=min(opened, end),
                theme=theme or namer.theme(),
                members=rng.randint(8, 60),
            )
        )

    for shop in XINGHE_HOMES:
        home(xinghe, f"{shop}妇女微家", "merchant", "亲子成长")
    home(flower, "“花也”妇女微家", "market", "时尚花园生活下午茶沙龙")
    home(flower, "“幸福兰”妇女微家", "market", "花艺造型与插花培训")
    streamers = next(f for f in feds if f.name == "武进区网络主播行业妇联")
    home(streamers, "武梦U+妇女微家", "service_center", "网络直播与主播培训")
    huiya = next(f for f in feds if f.host_organisation == "常州慧雅智能科技有限公司")
    home(huiya, "慧雅妇女微家", "enterprise", "女职工“五力”提升")
    hosts = [f for f in feds if f.id not in (xinghe.id, flower.id)]
    while len(homes) < 160:
        chosen = rng.choice(hosts)
        home(chosen, namer.micro_home(_short(chosen.name)), SETTING_OF_DOMAIN[chosen.domain])
    data.micro_homes.extend(homes)

    # 55 "one executive member, one real deed" projects: 11 in each of the five areas
    for i in range(55):
        area = SERVICE_AREAS[i % 5]
        held = _day(rng, date(2022, 3, 1), end)
        organiser = rng.choice([f for f in feds if f.founded_on <= held])
        title = DEED_TITLES[area][(i // 5) % 3] if i < 15 else f"{DEED_TITLES[area][(i // 5) % 3]}（第{i // 15 + 1}期）"
        if title.startswith("慧雅微家"):
            organiser = huiya if huiya.founded_on <= held else organiser
        data.activities.append(
            Activity(
                id=f"wj-deed{i + 1:02d}",
                place="wujin",
                organiser_id=organiser.id,
                held_on=held,
                title=title,
                service_area=area,
                people_served=rng.randint(20, 400),
                volunteers=rng.randint(2, 30),
                goods_value_yuan=Decimal(rng.randint(0, 30) * 100).quantize(Decimal("0.01")),
                location=organiser.region.rsplit("/", 1)[-1],
            )
        )

    # follow-up inspections: most active, two enterprise federations gone quiet
    for federation in rng.sample([f for f in feds if f.domain == "non_public_enterprise"], 12):
        data.inspections.append(
            Inspection(
                federation_id=federation.id,
                place="wujin",
                inspected_on=_day(rng, max(federation.founded_on, date(2023, 1, 1)), date(2023, 12, 20)),
                finding="active",
                remark="组织联系、服务妇女、活动开展情况良好",
            )
        )
    quiet = [f for f in feds if f.id.startswith("wj-e")][-2:]
    for federation in quiet:
        data.inspections.append(
            Inspection(
                federation_id=federation.id,
                place="wujin",
                inspected_on=date(2024, 3, 12),
                finding="dormant",
                remark="企业转产，妇联半年未开展活动，列入重点跟踪",
            )
        )


# --- 乐清市 (report 001) -----------------------------------------------------------------------

YUEQING_OUTBOUND = ("深圳", "上海", "北京", "杭州", "成都", "武汉")
YUEQING_INBOUND = ("安徽", "江西")


def _yueqing(data: DataSet, rng: random.Random) -> None:
    def add(fed_id: str, name: str, domain: str, founded: date, town: str | None = None, **extra: Any) -> None:
        data.federations.append(
            Federation(
                id=fed_id,
                place="yueqing",
                name=name,
                kind="federation",
                domain=domain,
                level="county" if town is None else "town",
                region=YUEQING if town is None else f"{YUEQING}/{town}",
                host_organisation=extra.pop("host", name.removesuffix("妇联")),
                founded_on=founded,
                women_members=extra.pop("women", rng.randint(30, 300)),
                executive_members=rng.randint(7, 21),
                **extra,
            )
        )

    add(
        "lq-overseas",
        "乐清市港澳台海外妇女联合会",
        "overseas",
        date(2019, 11, 26),
        host="乐清市妇联海外联络部",
        women=186,
    )
    for i, city in enumerate(YUEQING_OUTBOUND):
        add(
            f"lq-out{i + 1}",
            f"乐清{city}商会妇联",
            "chamber_of_commerce",
            _day(rng, date(2019, 6, 1), date(2019, 12, 31)),
        )
    for i, province in enumerate(YUEQING_INBOUND):
        add(
            f"lq-in{i + 1}",
            f"来乐{province}商会妇联",
            "chamber_of_commerce",
            _day(rng, date(2019, 6, 1), date(2020, 9, 30)),
        )
    add("lq-devzone", "乐清经济开发区妇联", "industrial_park", date(2019, 4, 16), town="乐清经济开发区")
    add("lq-hq", "总部经济园妇联", "office_building", date(2019, 5, 20), town="城东街道")
    add("lq-catering", "乐清市餐饮协会妇联", "industry_association", date(2019, 8, 8))
    add("lq-yuanchuang", "乐清市媛创会妇联", "social_organization", date(2019, 9, 9))
    add("lq-anchors", "乐清市女主播联盟妇联", "emerging_industry", date(2020, 6, 18))
    add("lq-songhu", "宋湖里坊街区妇联", "business_district", date(2020, 7, 1), town="乐成街道")
    add("lq-nanhong", "南虹商圈妇联", "business_district", date(2020, 7, 16), town="乐成街道")
    add("lq-homestay", "乐清市民宿行业妇联", "emerging_industry", date(2020, 8, 28))
    add("lq-ngo", "乐清市女性社会组织发展促进会妇联", "social_organization", date(2019, 12, 12))
    add(YUEQING_DISSOLVED, "城东众创空间妇联", "office_building", date(2019, 5, 28), town="城东街道")
    data.dissolutions.append(
        Dissolution(
            federation_id=YUEQING_DISSOLVED,
            place="yueqing",
            dissolved_on=date(2021, 6, 30),
            reason="众创空间整体迁入总部经济园，会员转入总部经济园妇联",
        )
    )
    for i, (name, setting, host) in enumerate(
        (
            ("网上妇女之家", "online", "lq-anchors"),
            ("巾帼直播公益孵化基地妇女微家", "service_center", "lq-anchors"),
            ("总部经济园巾帼创业妇女微家", "enterprise", "lq-hq"),
            ("宋湖里坊芳邻守望妇女微家", "merchant", "lq-songhu"),
        )
    ):
        host_fed = data.federation(host)
        data.micro_homes.append(
            MicroHome(
                id=f"lq-mh{i + 1}",
                place="yueqing",
                name=name,
                setting=setting,
                region=host_fed.region,
                host_federation_id=host,
                opened_on=host_fed.founded_on + timedelta(days=45 + 10 * i),
                theme="巾帼云创",
                members=rng.randint(10, 80),
            )
        )
    data.activities.append(
        Activity(
            id="lq-a01",
            place="yueqing",
            organiser_id="lq-out1",
            held_on=date(2020, 3, 6),
            title="为海外乐清姐妹遥寄口罩",
            people_served=320,
            volunteers=12,
            goods_value_yuan=Decimal("48000.00"),
            location="深圳",
        )
    )
    data.activities.append(
        Activity(
            id="lq-a02",
            place="yueqing",
            organiser_id="lq-catering",
            held_on=date(2020, 2, 20),
            title="疫情期间订餐送餐公益服务",
            people_served=1200,
            volunteers=45,
            goods_value_yuan=Decimal("36000.00"),
            location="乐清市",
        )
    )


# --- 永川区 (report 002) -----------------------------------------------------------------------

YONGCHUAN_TOWNS = (
    "中山路街道",
    "胜利路街道",
    "南大街街道",
    "茶山竹海街道",
    "大安街道",
    "陈食街道",
    "卫星湖街道",
    "双石镇",
    "临江镇",
    "朱沱镇",
    "来苏镇",
    "宝峰镇",
    "青峰镇",
    "金龙镇",
    "板桥镇",
    "松溉镇",
    "仙龙镇",
    "吉安镇",
    "五间镇",
    "三教镇",
)
YONGCHUAN_PARKS = ("凤凰湖产业园", "三教产业园", "港桥产业园")
YONGCHUAN_TRADES: tuple[tuple[str, str], ...] = (
    ("emerging_industry", "快递"),
    ("emerging_industry", "外卖配送"),
    ("emerging_industry", "直播电商"),
    ("emerging_industry", "家政服务"),
    ("emerging_industry", "货车司机"),
    ("industry_association", "律师"),
    ("industry_association", "医师"),
    ("industry_association", "电子商务"),
    ("industry_association", "职业培训"),
    ("industry_association", "物业管理"),
    ("social_organization", "社会工作服务"),
    ("social_organization", "民办培训学校"),
    ("social_organization", "心理咨询服务"),
    ("social_organization", "志愿服务"),
)
CAMPAIGN_TITLES = {
    "spring_warmth": ("春送温暖·快递小哥姐妹新春慰问", "春送温暖·网约车女司机节前走访", "春送温暖·外卖骑手姐妹暖心包"),
    "summer_cooling": ("夏送清凉·高温一线女职工慰问", "夏送清凉·户外劳动者爱心驿站", "夏送清凉·快递网点防暑物资发放"),
    "autumn_health": ("秋送健康·新就业女性“两癌”筛查", "秋送健康·心理健康讲座", "秋送健康·女性健康义诊"),
    "winter_skills": ("冬送技能·直播带货技能培训", "冬送技能·家政服务技能提升班", "冬送技能·电商运营实操课堂"),
}


def _yongchuan(data: DataSet, rng: random.Random, namer: Namer) -> None:
    figures = FIGURES["yongchuan"]
    feds: list[Federation] = []
    covered = _split(rng, figures["organisations_covered"] - 320 - 86, 114, 2, 12)

    def add(**fields: Any) -> Federation:
        fields.setdefault("kind", "federation")
        fields.setdefault("executive_members", rng.randint(5, 15))
        federation = Federation(place="yongchuan", **fields)
        feds.append(federation)
        return federation

    add(
        id=YONGCHUAN_CHAMBER,
        name="永川区永联园区商会妇联",
        domain="chamber_of_commerce",
        level="county",
        region=YONGCHUAN,
        host_organisation="永川区永联园区商会",
        founded_on=date(2024, 9, 12),
        women_members=640,
        organisations_covered=320,
    )
    add(
        id=YONGCHUAN_PRESCHOOL,
        name="永川区民办学前教育协会妇联",
        domain="industry_association",
        level="county",
        region=YONGCHUAN,
        host_organisation="永川区民办学前教育协会",
        founded_on=date(2024, 10, 16),
        leadership_elected_on=date(2024, 11, 8),
        women_members=520,
        organisations_covered=86,
    )
    specials = (
        (
            "yc-rideshare",
            "永川网约车暨汽车租赁妇女联合会",
            "emerging_industry",
            "永川区网约车暨汽车租赁行业党委",
            date(2023, 8, 18),
        ),
        ("yc-taojin", "淘金职业技术学校妇联", "social_organization", "永川区淘金职业技术学校", date(2023, 5, 9)),
    )
    for fed_id, name, domain, host, founded in specials:
        add(
            id=fed_id,
            name=name,
            domain=domain,
            level="county",
            region=YONGCHUAN,
            host_organisation=host,
            founded_on=founded,
            women_members=rng.randint(60, 300),
            organisations_covered=covered[len(feds) - 2],
        )
    for domain, trade in YONGCHUAN_TRADES:
        add(
            id=f"yc-t{len(feds) - 3:02d}",
            name=f"永川区{trade}行业妇联",
            domain=domain,
            level="county",
            region=YONGCHUAN,
            host_organisation=f"永川区{trade}行业党委",
            founded_on=_day(rng, date(2023, 3, 1), date(2024, 8, 31)),
            women_members=rng.randint(40, 400),
            organisations_covered=covered[len(feds) - 2],
        )
    add(
        id="yc-zhejiang",
        name="永川区浙江商会妇联",
        domain="chamber_of_commerce",
        level="county",
        region=YONGCHUAN,
        host_organisation="永川区浙江商会",
        founded_on=date(2024, 12, 6),
        women_members=88,
        organisations_covered=covered[len(feds) - 2],
    )
    for park in YONGCHUAN_PARKS:
        add(
            id=f"yc-park{len(feds) - 18}",
            name=f"永川高新区{park}妇联",
            domain="industrial_park",
            level="town",
            region=f"{YONGCHUAN}/永川高新区",
            host_organisation=f"永川高新区{park}",
            founded_on=_day(rng, date(2023, 3, 1), date(2024, 6, 30)),
            women_members=rng.randint(400, 1500),
            organisations_covered=covered[len(feds) - 2],
        )
    while len(feds) < figures["federations"]:
        region = f"{YONGCHUAN}/{rng.choice(YONGCHUAN_TOWNS)}"
        if rng.random() < 0.35:
            region = f"{YONGCHUAN}/永川高新区"
        host = namer.company("重庆")
        add(
            id=f"yc-e{len(feds) - 20:03d}",
            name=namer.unique(host.removesuffix("有限公司") + "妇联"),
            domain="non_public_enterprise",
            level="village",
            region=region,
            host_organisation=host,
            founded_on=_day(rng, date(2023, 3, 1), date(2025, 3, 31)),
            women_members=rng.randint(20, 600),
            organisations_covered=covered[len(feds) - 2],
        )
    data.federations.extend(feds)

    # 22 care activities in the four seasonal campaigns of 2024, goods worth 199,800.00 yuan
    quarters: dict[int, int] = figures["campaign_quarters"]
    goods = _money_split(rng, Decimal(figures["goods_value_yuan"]), sum(quarters.values()))
    index = 0
    for quarter, count in quarters.items():
        campaign = CAMPAIGNS[quarter - 1]
        for n in range(count):
            held = _quarter_day(rng, 2024, quarter)
            organisers = [f for f in feds if f.founded_on <= held and f.domain != "chamber_of_commerce"]
            organiser = rng.choice(organisers)
            index += 1
            data.activities.append(
                Activity(
                    id=f"yc-a{index:02d}",
                    place="yongchuan",
                    organiser_id=organiser.id,
                    held_on=held,
                    title=CAMPAIGN_TITLES[campaign][n % 3],
                    campaign=campaign,
                    people_served=rng.randint(30, 260),
                    volunteers=rng.randint(4, 30),
                    goods_value_yuan=goods[index - 1],
                    location=organiser.region.rsplit("/", 1)[-1],
                    late=index in (15, 21),
                )
            )
    # one was typed a zero short (and with the wrong head count) and is corrected later
    right = next(a for a in data.activities if a.id == YONGCHUAN_CORRECTED)
    wrong_goods = (right.goods_value_yuan / 10).quantize(Decimal("0.01"))
    data.activities[data.activities.index(right)] = Activity(
        **{**_fields(right), "goods_value_yuan": wrong_goods, "people_served": right.people_served + 100}
    )
    data.corrections.append(
        Correction(
            activity_id=right.id,
            place="yongchuan",
            changes={"goods_value_yuan": str(right.goods_value_yuan), "people_served": right.people_served},
            reason="录入时物资金额与受益人次填写有误，按签收单更正",
        )
    )
    # and one was recorded twice
    first = next(a for a in data.activities if a.id == "yc-a03")
    data.activities.append(Activity(**{**_fields(first), "id": "yc-a03-dup"}))
    data.retractions.append(Retraction(activity_id="yc-a03-dup", place="yongchuan", reason="与 yc-a03 重复录入"))


def _fields(activity: Activity) -> dict[str, Any]:
    return {f.name: getattr(activity, f.name) for f in fields(activity)}


# --- 振兴区 (report 003) -----------------------------------------------------------------------

ZHENXING_STREETS = (
    "六道沟街道",
    "帽盔山街道",
    "永昌街道",
    "临江街道",
    "站前街道",
    "纤维街道",
    "桃源街道",
    "花园街道",
    "西城街道",
    "头道桥街道",
    "汤池镇",
)
ZHENXING_COMMITTEES: tuple[tuple[str, str], ...] = (
    ("non_public_enterprise", "欣时代生物药业有限公司"),
    ("social_organization", "宝乐幼儿园"),
    ("social_organization", "童乐苑幼儿园"),
    ("non_public_enterprise", "金帝白马商贸有限公司"),
    ("non_public_enterprise", "丹东市然艺布艺有限公司"),
    ("social_organization", "七彩义工协会"),
    ("non_public_enterprise", "丹东宏达食品有限公司"),
    ("non_public_enterprise", "丹东华信电子有限公司"),
    ("social_organization", "振兴区春苗托管中心"),
    ("business_district", "新柳商业街"),
    ("business_district", "站前商贸圈"),
    ("market", "振兴区农贸大市场"),
    ("market", "帽盔山建材市场"),
    ("office_building", "锦江商务大厦"),
    ("industry_association", "振兴区个体劳动者协会"),
    ("industry_association", "振兴区家政服务协会"),
    ("emerging_industry", "振兴区快递网点联合"),
    ("emerging_industry", "振兴区电商直播基地"),
    ("non_public_enterprise", "丹东鑫源物流有限公司"),
    ("non_public_enterprise", "丹东安泰医药连锁有限公司"),
    ("social_organization", "振兴区阳光助残服务站"),
    ("non_public_enterprise", "丹东博雅文化传媒有限公司"),
    ("industrial_park", "振兴区创业孵化园"),
)


def _zhenxing(data: DataSet, rng: random.Random) -> None:
    feds: list[Federation] = [
        Federation(
            id="zx-community",
            place="zhenxing",
            name="帽盔山街道盛世华庭小区妇委会",
            kind="committee",
            domain="residential_community",
            level="grid",
            region=f"{ZHENXING}/帽盔山街道/盛世华庭小区",
            host_organisation="盛世华庭小区业主委员会",
            founded_on=date(2017, 9, 6),
            women_members=210,
            executive_members=9,
        )
    ]
    for i, (domain, host) in enumerate(ZHENXING_COMMITTEES):
        feds.append(
            Federation(
                id=f"zx-c{i + 1:02d}",
                place="zhenxing",
                name=f"{host}妇委会",
                kind="committee",
                domain=domain,
                level="village",
                region=f"{ZHENXING}/{rng.choice(ZHENXING_STREETS)}",
                host_organisation=host,
                founded_on=_day(rng, date(2017, 3, 8), date(2019, 12, 31)),
                women_members=rng.randint(15, 260),
                executive_members=rng.randint(3, 9),
            )
        )
    data.federations.extend(feds)
    data.recognitions.append(
        Recognition(
            target="federation",
            entity_id="zx-c05",
            place="zhenxing",
            recognised_on=date(2019, 3, 8),
            level="provincial",
            title="辽宁省巾帼创新创业示范基地",
        )
    )
    # 动态跟踪: every committee inspected in 2020; three found dormant (边建边散), two weak
    findings = ["dormant"] * 3 + ["weak"] * 2 + ["active"] * (len(feds) - 5)
    rng.shuffle(findings)
    remarks = {
        "active": "组织联系紧密，活动正常开展",
        "weak": "活动偏少，已督促制定年度计划",
        "dormant": "半年未开展活动，负责人已离职，列入动态跟踪",
    }
    for federation, finding in zip(feds, findings, strict=True):
        if federation.id == "zx-c05":
            finding = "active"
        data.inspections.append(
            Inspection(
                federation_id=federation.id,
                place="zhenxing",
                inspected_on=_day(rng, date(2020, 6, 1), date(2020, 11, 30)),
                finding=finding,
                remark=remarks[finding],
            )
        )
    for i, (fed_id, title, goods, held) in enumerate(
        (
            ("zx-c01", "向区防指办捐赠10吨消毒液并为市妇联捐款", "2000.00", date(2020, 2, 10)),
            ("zx-c02", "捐赠护目镜、N95口罩、防护服并向七彩义工捐款", "4100.00", date(2020, 2, 14)),
            ("zx-c03", "向区防指办捐款", "4000.00", date(2020, 2, 16)),
            ("zx-c05", "巾帼电商创业培训班", "0.00", date(2019, 5, 20)),
        )
    ):
        data.activities.append(
            Activity(
                id=f"zx-a{i + 1:02d}",
                place="zhenxing",
                organiser_id=fed_id,
                held_on=held,
                title=title,
                people_served=rng.randint(40, 120),
                volunteers=rng.randint(3, 12),
                goods_value_yuan=Decimal(goods),
                location="振兴区",
            )
        )


# --- 扬中市 (report 004) -----------------------------------------------------------------------

YANGZHONG_TOWNS = ("三茅街道", "兴隆街道", "新坝镇", "油坊镇", "八桥镇", "西来桥镇", "扬中经济开发区")
YANGZHONG_VILLAGES = ("联合村", "新治村", "永胜村", "长旺村", "红光村", "八桥村", "利民村", "同德村")


def _yangzhong(data: DataSet, rng: random.Random, namer: Namer) -> None:
    feds: list[Federation] = []

    def add(
        fed_id: str, name: str, domain: str, level: str, region: str, founded: date, host: str | None = None
    ) -> None:
        feds.append(
            Federation(
                id=fed_id,
                place="yangzhong",
                name=namer.unique(name),
                kind="federation",
                domain=domain,
                level=level,
                region=region,
                host_organisation=host or name.removesuffix("妇联"),
                founded_on=founded,
                women_members=rng.randint(20, 900),
                executive_members=rng.randint(5, 19),
                organisations_covered=rng.randint(1, 30),
            )
        )

    start, end = date(2021, 2, 1), date(2023, 2, 28)
    # county level: city-wide associations and alliances
    add(
        "yz-women-entrepreneurs",
        "扬中市女企业家协会妇联",
        "industry_association",
        "county",
        YANGZHONG,
        date(2021, 3, 8),
    )
    add(
        "yz-women-scientists",
        "扬中市女科技工作者联盟妇联",
        "social_organization",
        "county",
        YANGZHONG,
        date(2021, 5, 20),
    )
    add("yz-ecommerce", "扬中市电子商务协会妇联", "industry_association", "county", YANGZHONG, _day(rng, start, end))
    add("yz-social", "扬中市社会组织联合会妇联", "social_organization", "county", YANGZHONG, _day(rng, start, end))
    # town level: parks, the digital-economy industry chain, markets
    add(
        "yz-digital-chain",
        "经开区数字经济产业链妇联",
        "industry_chain",
        "town",
        f"{YANGZHONG}/扬中经济开发区",
        date(2023, 2, 16),
        "扬中经济开发区数字经济产业链党委",
    )
    add("yz-devzone", "扬中经济开发区妇联", "industrial_park", "town", f"{YANGZHONG}/扬中经济开发区", date(2021, 4, 12))
    add(
        "yz-electric-chain",
        "工程电气产业链妇联",
        "industry_chain",
        "town",
        f"{YANGZHONG}/新坝镇",
        _day(rng, start, end),
    )
    for town, market in (("三茅街道", "扬中农贸大市场"), ("兴隆街道", "兴隆建材市场"), ("油坊镇", "油坊河豚水产市场")):
        add(f"yz-market-{len(feds)}", f"{market}妇联", "market", "town", f"{YANGZHONG}/{town}", _day(rng, start, end))
    # village level: enterprises in the villages
    for _ in range(16):
        town = rng.choice(YANGZHONG_TOWNS[2:6])
        host = namer.company("江苏")
        add(
            f"yz-e{len(feds) - 9:02d}",
            host.removesuffix("有限公司") + "妇联",
            "non_public_enterprise",
            "village",
            f"{YANGZHONG}/{town}/{rng.choice(YANGZHONG_VILLAGES)}",
            _day(rng, start, end),
            host,
        )
    # grid level: office buildings and business streets (网格/楼栋)
    for building, town in (
        ("美都华庭商务楼", "三茅街道"),
        ("扬中金融大厦", "三茅街道"),
        ("江洲商业街", "三茅街道"),
        ("兴隆商务中心", "兴隆街道"),
        ("扬中国际商城", "三茅街道"),
        ("新坝科创大厦", "新坝镇"),
    ):
        domain = "business_district" if ("街" in building or "商城" in building) else "office_building"
        add(
            f"yz-grid-{len(feds) - 25}",
            f"{building}妇联",
            domain,
            "grid",
            f"{YANGZHONG}/{town}/{building}",
            _day(rng, start, end),
        )
    assert len(feds) == 32, len(feds)
    data.federations.extend(feds)

    homes: list[MicroHome] = []
    stairwell_host = next(f for f in feds if f.name == "美都华庭商务楼妇联")
    homes.append(
        MicroHome(
            id="yz-mh001",
            place="yangzhong",
            name=namer.unique("美都华庭小区楼道妇女微家"),
            setting="stairwell",
            region=f"{YANGZHONG}/三茅街道/美都华庭小区",
            host_federation_id=stairwell_host.id,
            opened_on=stairwell_host.founded_on + timedelta(days=30),
            theme="楼道文化与微治理",
            members=26,
        )
    )
    while len(homes) < FIGURES["yangzhong"]["micro_homes"]:
        chosen = rng.choice(feds)
        opened = chosen.founded_on + timedelta(days=rng.randint(15, 400))
        homes.append(
            MicroHome(
                id=f"yz-mh{len(homes) + 1:03d}",
                place="yangzhong",
                name=namer.unique(namer.micro_home(_short(chosen.name))),
                setting="stairwell" if chosen.level == "grid" else SETTING_OF_DOMAIN[chosen.domain],
                region=chosen.region,
                host_federation_id=chosen.id,
                opened_on=min(opened, date(2023, 3, 10)),
                theme=namer.theme(),
                members=rng.randint(6, 50),
            )
        )
    data.micro_homes.extend(homes)
    for home in [homes[0], *rng.sample(homes[1:], 10)]:
        data.recognitions.append(
            Recognition(
                target="micro_home",
                entity_id=home.id,
                place="yangzhong",
                recognised_on=max(home.opened_on + timedelta(days=60), date(2022, 12, 16)),
                level="city",
                title="镇江市级妇女微家示范点",
            )
        )
    data.inspections.append(
        Inspection(
            federation_id=feds[12].id,
            place="yangzhong",
            inspected_on=date(2023, 3, 1),
            finding="dormant",
            remark="企业停产，妇联活动停止",
        )
    )


def _short(name: str) -> str:
    """A micro-home's name prefix from its host's: no city, no suffix, at most six characters."""
    for city in ("常州", "江苏", "重庆"):
        name = name.removeprefix(city)
    return name.removesuffix("妇联")[:6]
