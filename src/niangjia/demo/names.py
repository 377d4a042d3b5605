"""Word pools for plausible Chinese organisation names; the data set draws from them with a seeded random."""

from __future__ import annotations

import random

FIRST = "华瑞恒泰鑫宏德嘉盛永兴安润博远晨星天信诚中联金宝富达新鼎凯科明"
SECOND = "丰源达昌盛泰祥通力隆和宇辉创锦晟翔正航越腾益荣"
INDUSTRIES = (
    "精密机械",
    "新材料",
    "电子科技",
    "智能装备",
    "纺织",
    "医疗器械",
    "汽车部件",
    "光电科技",
    "环保科技",
    "生物医药",
    "电气",
    "液压",
    "食品",
    "服饰",
    "包装印务",
    "信息技术",
)
HOME_WORDS = (
    "向阳",
    "书香",
    "暖心",
    "巾帼",
    "花语",
    "同心",
    "悦享",
    "馨语",
    "启航",
    "绿萝",
    "和美",
    "芳华",
    "知心",
    "彩虹",
    "阳光",
    "初心",
    "聚力",
    "融情",
    "微光",
    "康乃馨",
)
HOME_THEMES = (
    "亲子阅读",
    "法律咨询",
    "健康讲座",
    "技能培训",
    "心理疏导",
    "家风家教",
    "创业分享",
    "插花手作",
    "读书沙龙",
    "邻里互助",
)


class Namer:
    """Draws names that are unique within one data set."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def unique(self, make: str) -> str:
        if make in self.used:
            raise ValueError(f"duplicate name {make}")
        self.used.add(make)
        return make

    def company(self, city: str) -> str:
        """`常州华丰精密机械有限公司`-style names, never the same twice."""
        while True:
            name = f"{city}{self.rng.choice(FIRST)}{self.rng.choice(SECOND)}{self.rng.choice(INDUSTRIES)}有限公司"
            if name not in self.used:
                self.used.add(name)
                return name

    def micro_home(self, prefix: str) -> str:
        while True:
            name = f"{prefix}{self.rng.choice(HOME_WORDS)}妇女微家"
            if name not in self.used:
                return name  # the caller claims it with `unique`

    def theme(self) -> str:
        return self.rng.choice(HOME_THEMES)
