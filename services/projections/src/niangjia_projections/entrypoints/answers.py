"""What each report answers, field by field, with each figure's definition in Chinese and English.

These are the routes' response models: the OpenAPI documents them (no open-ended object but the
events' own payloads), and FastAPI checks every answer against them (an answer that drifted from
its definition fails loudly instead of reaching a reader). Maps keyed by a code (`by_domain`...)
are typed maps: code -> count.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

AS_OF = "业务日期：报表所依据的日期（空：今天）。The business date the report stands on (null: today)."
KNOWN_AT = "系统时点：只计入此前已登记的记录（空：现在）。What the system had recorded by this time (null: now)."
REGION = "报表所限的地区路径（空：令牌可见的全部）。The region the report is limited to (null: all the token may see)."
COUNTY_CODE = "县级行政区划代码（GB/T 2260）。The county's six-digit division code (GB/T 2260)."
YUAN = "金额（元），两位小数的十进制字符串。An amount in yuan, a decimal string with two places."
Counts = dict[str, int]


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FederationCounts(Answer):
    total: int = Field(
        description="截至 as_of 仍存续的妇联组织数（已成立且未撤销）。Federations standing on as_of (founded, not dissolved)."
    )
    by_domain: Counts | None = Field(None, description="按新领域分类。By domain (code -> count).")
    by_sector: Counts | None = Field(
        None, description="按新经济组织、新社会组织、新就业群体（none：其他）。By sector (none: other)."
    )
    by_kind: Counts | None = Field(None, description="按组织形式（妇联、妇委会、妇女小组）。By kind.")
    by_level: Counts | None = Field(None, description="按层级（县、镇、村、网格）。By level.")
    by_status: Counts | None = Field(
        None,
        description="按状态：open 正常，dormant 休眠（按跟踪结论或沉寂，见 /dormant）。By status: open or dormant "
        "(by an inspection's finding or by silence, as /dormant defines it).",
    )
    by_region: Counts | None = Field(
        None, description="按地区路径，各级汇总（含本级）。By region path, rolled up at every level below the report's."
    )
    by_setting: Counts | None = Field(None, description="妇联组织无场所（none）。Federations have no setting (none).")
    by_group: Counts | None = Field(
        None, description="按领域分组（如园区与市场），一个组织可计入多个分组。By named group of domains."
    )
    recognised: Counts = Field(
        description="获评示范点的组织数，按级别（一个组织可有多级）。Organisations recognised, by title level."
    )
    organisations_covered: int = Field(
        description="这些妇联组织覆盖的组织与群体数之和。The organisations and groups these federations cover, summed."
    )
    executive_members: int = Field(description="登记的执委人数之和。The executive members they declared, summed.")
    women_members: int = Field(description="妇女会员人数之和。Their women members, summed.")


class MicroHomeCounts(Answer):
    total: int = Field(
        description="截至 as_of 仍开设的妇女微家数（已开设且未关闭）。Micro-homes standing on as_of (opened, not closed)."
    )
    by_status: Counts | None = Field(None, description="按状态：open 正常，dormant 休眠。By status: open or dormant.")
    by_region: Counts | None = Field(None, description="按地区路径，各级汇总。By region path, rolled up.")
    by_setting: Counts | None = Field(None, description="按场所（楼道、商户、企业……）。By setting.")
    recognised: Counts = Field(description="获评示范点的微家数，按级别。Micro-homes recognised, by title level.")
    members: int = Field(description="微家成员人数之和。Their members, summed.")


class Pair(Answer):
    federations: int
    micro_homes: int


class CountsReport(Answer):
    """组织统计：一个集合、一次回答。Counts: one set per answer, every sum over it."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    region: str | None = Field(description=REGION)
    region_code: str | None = Field(description=COUNTY_CODE)
    set: str = Field(
        description="计数所依据的集合：standing，截至 as_of 仍存续的组织。The set counted: standing on as_of."
    )
    dormant_since: str = Field(
        description="沉寂期的起点：此后既无活动也无跟踪的组织计为休眠。The start of the period of dormancy by silence."
    )
    statuses: list[str] | None = Field(description="只计这些状态（空：全部）。Only these statuses (null: all).")
    federations: FederationCounts = Field(
        description="妇联组织（妇联、妇委会、妇女小组）。Federations, committees, groups."
    )
    micro_homes: MicroHomeCounts = Field(description="妇女微家。Women's micro-homes.")
    ended: Pair = Field(
        description="截至 as_of 已撤销（关闭）的组织数，不在上面的集合中。Ended by as_of, outside the set above."
    )
    ever_founded: Pair = Field(
        description="截至 as_of 曾经成立（开设）的组织数，含已撤销。Ever founded (opened) by as_of, ended included."
    )


class QuarterPoint(Answer):
    year: int
    quarter: int = Field(ge=1, le=4)
    day: str = Field(
        description="季度末；最后一点为报表日期（如在季度中）。The quarter's end; the last point is the report's date "
        "when that falls inside a quarter."
    )
    ever_founded: Pair = Field(description="截至当日曾经成立的组织数。Ever founded by the day.")
    ended: Pair = Field(description="截至当日已撤销（关闭）的组织数。Ended by the day.")
    standing: Pair = Field(description="当日存续的组织数（即 /counts 的总数）。Standing on the day (/counts' totals).")


class QuarterCounts(Answer):
    """各季度末的组织数，一次读出。The organisations at each quarter's end, read in one pass."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    region: str | None = Field(description=REGION)
    region_code: str | None = Field(description=COUNTY_CODE)
    quarters: list[QuarterPoint]


class Period(Answer):
    start: str
    end: str


class ByKind(Answer):
    federation: int
    micro_home: int


class Coverage(Answer):
    federations_open: int = Field(
        description="期末仍正常存续（未撤销）的妇联组织数。Federations standing at the period's end."
    )
    federations_active: int = Field(
        description="其中在本期举办过活动的。Of them, those that held an activity in the period."
    )
    share: str | None = Field(
        description="有效覆盖率 = federations_active / federations_open（四位小数；无存续组织时为空）。"
        "Effective coverage, 4 places (null when no federation stood)."
    )


class Figures(Answer):
    activities: int = Field(
        description="活动次数（撤回的不计，更正后的数）。Activities held (retracted ones left out)."
    )
    people_served: int = Field(description="受益人次。People served.")
    volunteers: int = Field(description="志愿者人次。Volunteers.")
    goods_value_yuan: str = Field(description="爱心物资价值。" + YUAN)


class Row(Figures):
    organisers: int = Field(description="举办过活动的组织方个数（去重）。Distinct organisers that held activities.")
    organisers_by_kind: ByKind = Field(description="组织方按妇联与妇女微家。Organisers by kind.")
    effective_coverage: Coverage


class QuarterRow(Row):
    quarter: int = Field(ge=1, le=4)
    theme: str = Field(description="季度主题（春送温暖……）。The quarter's campaign.")
    period: Period


class QuarterReport(QuarterRow):
    """一个季度的关爱行动。One quarter's care campaign."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    region: str | None = Field(description=REGION)
    year: int


class YearReport(Answer):
    """一年的四季关爱行动；全年合计 = 四个季度 + 主题之外。A year's four campaigns; the total is their sum
    plus the activities outside them."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    region: str | None = Field(description=REGION)
    year: int = Field(description="年份。The calendar year.")
    quarters: list[QuarterRow] = Field(description="四个季度，各按其主题。The four quarters, each with its campaign.")
    outside_campaigns: Row = Field(
        description="未标注季度主题或主题与季度不符的活动。Activities outside the four campaigns."
    )
    in_campaigns: Figures = Field(description="四个季度之和。The four quarters summed.")
    total: Figures = Field(description="全年合计：in_campaigns + outside_campaigns。The year: both summed.")


class Direct(Answer):
    federations: int = Field(description="直接指导的妇联组织数。Federations it guides directly.")
    micro_homes: int = Field(description="直接依托的妇女微家数。Micro-homes it hosts directly.")
    by_domain: Counts


class All(Answer):
    federations: int = Field(description="全部下级妇联组织数（逐级）。Federations below it, at every depth.")
    micro_homes: int = Field(description="全部下级妇女微家数。Micro-homes below it, at every depth.")
    by_status: Counts


class MicroHomeNode(Answer):
    """A micro-home in a tree: it hosts nothing below it."""

    id: str
    type: str = Field(description="federation 或 micro_home。")
    name: str
    kind: str | None
    domain: str | None
    level: str | None
    setting: str | None
    region: str
    region_code: str | None = Field(description=COUNTY_CODE)
    opened_on: str = Field(description="成立（开设）日期。Founded (opened) on.")
    status: str = Field(description="open、dormant 或 dissolved/closed。Its status on the clocks.")


class TreeNode(MicroHomeNode):
    """A federation in a tree, with what it guides and hosts."""

    direct: Direct
    all: All
    children: list[TreeNode | MicroHomeNode] = Field(
        description="它指导的妇联和依托的微家（depth 以下不列出）。What it guides and hosts (none listed below `depth`)."
    )
    more: bool = Field(
        description="有下级但因 depth 未列出，可按其编号再取。It has children that `depth` left out: ask for its own tree."
    )


class GuidedTree(TreeNode):
    """“1+N”组织树。The "1+N" tree under a guiding federation."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)


class NotYetFounded(Answer):
    """历史中有此组织，但在所选时钟上尚未成立（或尚未登记）。Known to the history, not founded (or not yet
    recorded) on the clocks."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    id: str
    type: str
    status: str = Field(description="not_yet_founded")


class Reasons(Answer):
    finding: int = Field(description="最近跟踪结论为休眠。Found dormant by its latest inspection.")
    silence: int = Field(description="since 以来既无活动也无跟踪。No activity nor inspection since `since`.")


class DormantRow(Answer):
    org_id: str
    org_type: str
    name: str
    domain: str | None
    setting: str | None
    region: str
    region_code: str | None = Field(description=COUNTY_CODE)
    opened_on: str
    last_activity_on: str | None
    last_inspected_on: str | None
    last_finding: str | None
    dormant_by: str = Field(description="finding（跟踪认定）或 silence（沉寂）。Why it is dormant.")


class DormantReport(Answer):
    """休眠组织。Organisations dormant on as_of."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    since: str = Field(description="沉寂期的起点。The start of the period of silence.")
    region: str | None = Field(description=REGION)
    total: int = Field(description="全部休眠组织数（与分页无关）。Every dormant organisation (paging apart).")
    by_reason: Reasons = Field(description="按休眠依据分列。By why they are dormant.")
    count: int = Field(description="本页条数。Rows on this page.")
    items: list[DormantRow] = Field(description="本页的休眠组织。This page's dormant organisations.")
    next_after: int | None = Field(
        description="下一页的游标（空：已到末页）。The next page's cursor (null: last page)."
    )


TreeNode.model_rebuild()
