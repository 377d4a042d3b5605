"""What the milestone reports answer (chambers by origin, founded within a window, leaderships
elected, firsts), field by field, with each figure's definition in Chinese and English."""

from __future__ import annotations

from pydantic import Field

from niangjia_projections.entrypoints.answers import AS_OF, COUNTY_CODE, KNOWN_AT, REGION, Answer, Counts

FOUNDED_ON = "成立日期。Founded on."


class Clocked(Answer):
    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    region: str | None = Field(description=REGION)
    region_code: str | None = Field(description=COUNTY_CODE)


class Federation(Answer):
    federation_id: str
    name: str
    region: str
    region_code: str | None = Field(description=COUNTY_CODE)
    founded_on: str = Field(description=FOUNDED_ON)


class Origins(Answer):
    outbound: int = Field(
        description="在外商会（本地商人在外地组建）。Outbound: the county's business people elsewhere."
    )
    inbound: int = Field(
        description="外来商会（外地商人在本地组建，如来乐商会）。Inbound: others' business people here."
    )
    local: int = Field(description="本地商会。Local chambers.")
    not_recorded: int = Field(description="未登记来源（多为来源字段启用前的记录）。Origin not recorded.")


class Chamber(Federation):
    chamber_origin: str | None = Field(description="outbound、inbound、local；空：未登记。Null: not recorded.")


class ChambersReport(Clocked):
    """商会妇联按来源。Chambers of commerce's federations standing on as_of, by the chamber's origin."""

    set: str = Field(description="standing：截至 as_of 已成立且未撤销。Founded on or before as_of, not dissolved.")
    total: int = Field(description="存续的商会妇联数。Chamber federations standing on as_of.")
    by_origin: Origins = Field(description="按商会来源，合计等于 total。By origin; they sum to total.")
    items: list[Chamber] = Field(
        description="按成立日期，至多 limit 条。The first `limit` of them, in the order founded."
    )


class FoundedReport(Clocked):
    """时段内新建妇联。Federations founded within a window, whatever became of them since."""

    founded_from: str = Field(description="时段起（含）。The window's first day (included).")
    founded_to: str = Field(description="时段止（含），不晚于 as_of。The window's last day (included), at most as_of.")
    total: int = Field(description="时段内成立的妇联组织数。Federations founded within the window.")
    standing: int = Field(description="其中截至 as_of 仍存续的。Of which still standing on as_of.")
    by_domain: Counts = Field(description="按领域。By domain.")
    by_sector: Counts = Field(description="按新经济组织、新社会组织、新就业群体（none：其他）。By sector.")
    by_kind: Counts = Field(description="按组织形式。By kind.")
    by_level: Counts = Field(description="按层级。By level.")
    by_year: Counts = Field(description="按成立年份。By the year founded.")


class Elected(Federation):
    domain: str
    kind: str
    leadership_elected_on: str = Field(description="首届领导班子选举日期。The day its first leadership was elected.")


class ElectionsReport(Clocked):
    """时段内选举产生首届领导班子的妇联。Federations whose first leadership was elected within a period."""

    elected_from: str = Field(description="时段起（含）。The period's first day (included).")
    elected_to: str = Field(description="时段止（含），不晚于 as_of。The period's last day (included), at most as_of.")
    total: int = Field(description="时段内选举产生首届领导班子的妇联数。Federations whose leadership was elected.")
    by_domain: Counts = Field(description="按领域。By domain.")
    by_month: Counts = Field(description="按选举月份（YYYY-MM）。By the month of the election.")
    items: list[Elected] = Field(description="按选举日期，至多 limit 条。By election date, at most `limit`.")


class First(Federation):
    domain: str
    kind: str
    level: str
    standing: bool = Field(description="截至 as_of 是否仍存续。Whether it still stands on as_of.")


class FirstsReport(Clocked):
    """地区内每个领域、每种组织形式的首个妇联。The first federation of each domain and kind in the region."""

    domain: str | None = Field(description="只看此领域（空：全部）。Only this domain (null: every one).")
    kind: str | None = Field(description="只看此组织形式（空：全部）。Only this kind (null: every one).")
    total: int = Field(description="领域与形式的组合数。Pairs of domain and kind with a first.")
    items: list[First] = Field(
        description="每个组合最早成立的妇联（同日以先登记者为准）。The earliest founded of each pair (a tie goes "
        "to the one recorded first)."
    )
