"""The names of the glossary's codes and of the reports' fields, in Chinese and English, for what the
service writes for people to read (the Excel exports). The codes' names are the contracts' own
(`niangjia_contracts.names`, as the CLI shows them); the reports' fields and stamps are here. The dashboard's i18n.js holds the same names
for the browser; a unit test keeps the two in agreement.

`name(code, lang)` gives a code's name, `field(key, lang)` a field's header; an unknown code or key
comes back unchanged (a region path, a title, a person's pseudonym are shown as they are).
"""

from __future__ import annotations

from typing import Literal

from niangjia_contracts.names import BY_ENUM, EVENT_TYPES, STATUSES, Names

Lang = Literal["zh", "en"]

# Codes that only the reports use (groupings and reasons of their own), beside the contracts' codes.
REPORT_CODES: Names = {
    "park_and_market": ("园区市场", "parks and markets"),
    "none": ("其他", "other"),
    "standing": ("存续", "standing"),
    "finding": ("检查认定", "by finding"),
    "silence": ("长期沉寂", "by silence"),
}


def _codes() -> dict[str, tuple[str, str]]:
    """Every code's name, from the contracts' catalogue (`niangjia_contracts.names`): where two
    enumerations share a code, the first named there (a level before a recognition's level, a
    federation's kind before an organiser's kind)."""
    codes: dict[str, tuple[str, str]] = {}
    for names in (*BY_ENUM.values(), STATUSES, EVENT_TYPES, REPORT_CODES):
        for code, pair in names.items():
            codes.setdefault(code, pair)
    return codes


CODES = _codes()

FIELDS: dict[str, tuple[str, str]] = {
    # report sections
    "federations": ("妇联组织", "federations"),
    "micro_homes": ("妇女微家", "micro-homes"),
    "total": ("合计", "total"),
    "by_domain": ("按领域", "by domain"),
    "by_sector": ("按类别", "by sector"),
    "by_kind": ("按组织形式", "by kind"),
    "by_level": ("按层级", "by level"),
    "by_status": ("按状态", "by status"),
    "by_group": ("按分组", "by group"),
    "by_setting": ("按场所", "by setting"),
    "by_region": ("按地区", "by region"),
    "by_reason": ("按原因", "by reason"),
    "by_role": ("按职务", "by role"),
    "by_community_role": ("按社区职务", "by community role"),
    "by_service_area": ("按服务领域", "by service area"),
    "recognised": ("示范点", "recognised"),
    "ended": ("已撤销或关闭", "ended"),
    "ever_founded": ("累计成立", "ever founded"),
    "quarters": ("各季度", "quarters"),
    "outside_campaigns": ("活动主题之外", "outside the campaigns"),
    "in_campaigns": ("四季主题内", "in the campaigns"),
    "organisers_by_kind": ("组织单位类型", "organisers by kind"),
    "effective_coverage": ("有效覆盖", "effective coverage"),
    "period": ("时段", "period"),
    "direct": ("直接指导", "guided directly"),
    "all": ("全部下属", "all below"),
    "children": ("下属组织", "organisations below"),
    "projects": ("项目", "projects"),
    "items": ("明细", "items"),
    # figures
    "organisations_covered": ("覆盖组织", "organisations covered"),
    "executive_members": ("执委人数", "executive members"),
    "women_members": ("妇女会员", "women members"),
    "members": ("成员", "members"),
    "quarter": ("季度", "quarter"),
    "theme": ("主题", "theme"),
    "start": ("起", "from"),
    "end": ("止", "to"),
    "activities": ("活动次数", "activities"),
    "people_served": ("受益人次", "people served"),
    "volunteers": ("志愿者", "volunteers"),
    "goods_value_yuan": ("爱心物资（元）", "goods (yuan)"),
    "organisers": ("组织单位", "organisers"),
    "federations_open": ("正常运行的妇联", "federations open"),
    "federations_active": ("开展活动的妇联", "federations active"),
    "share": ("比例", "share"),
    "pledged": ("已认领", "pledged"),
    "completed": ("已完成", "completed"),
    "service_areas": ("服务领域数", "service areas"),
    "count": ("本页条数", "on this page"),
    "chairs": ("主任人数", "chairs"),
    # organisations
    "id": ("编号", "id"),
    "org_id": ("编号", "id"),
    "type": ("类型", "type"),
    "org_type": ("类型", "type"),
    "name": ("名称", "name"),
    "kind": ("组织形式", "kind"),
    "domain": ("领域", "domain"),
    "sector": ("类别", "sector"),
    "level": ("层级", "level"),
    "setting": ("场所", "setting"),
    "region": ("地区", "region"),
    "region_code": ("行政区划代码", "region code"),
    "opened_on": ("成立日期", "founded on"),
    "status": ("状态", "status"),
    "last_activity_on": ("最近活动", "last activity"),
    "last_inspected_on": ("最近跟踪", "last inspection"),
    "last_finding": ("最近结论", "last finding"),
    "dormant_by": ("休眠原因", "dormant by"),
    "since": ("沉寂期起点", "silent since"),
    "dormant_since": ("沉寂期起点", "silent since"),
    "year": ("年度", "year"),
    "set": ("统计范围", "set"),
    "statuses": ("状态筛选", "statuses"),
    "next_after": ("下一页起点", "next page after"),
    # audit events
    "position": ("日志位置", "log position"),
    "event_type": ("事件", "event"),
    "occurred_on": ("业务日期", "business date"),
    "recorded_at": ("记录时间", "recorded at"),
    "actor": ("记录人", "recorded by"),
    "data": ("内容", "content"),
    "entity_id": ("编号", "id"),
    "stream_id": ("事件流", "stream"),
    "stream_version": ("流内序号", "stream version"),
    "event_id": ("事件编号", "event id"),
    "source": ("来源服务", "source"),
    # the facts events carry
    "host_organisation": ("依托单位", "host"),
    "guided_by": ("指导妇联", "guided by"),
    "founded_on": ("成立日期", "founded on"),
    "leadership_elected_on": ("换届日期", "leadership elected on"),
    "inspected_on": ("跟踪日期", "inspected on"),
    "remark": ("备注", "remark"),
    "recognised_on": ("获评日期", "recognised on"),
    "title": ("名称", "title"),
    "dissolved_on": ("撤销日期", "dissolved on"),
    "reason": ("原因", "reason"),
    "closed_on": ("关闭日期", "closed on"),
    "organiser_kind": ("组织方类型", "organiser kind"),
    "organiser_id": ("组织方", "organiser"),
    "activity_id": ("活动编号", "activity id"),
    "federation_id": ("妇联编号", "federation id"),
    "micro_home_id": ("微家编号", "micro-home id"),
    "held_on": ("活动日期", "held on"),
    "campaign": ("季度主题", "campaign"),
    "service_area": ("服务领域", "service area"),
    "location": ("地点", "location"),
    "corrected_fields": ("更正项", "corrected fields"),
}

STAMP: dict[str, tuple[str, str]] = {
    "region": ("地区", "Region"),
    "all_regions": ("全部地区", "All regions"),
    "as_of": ("业务日期（as_of）", "Business date (as_of)"),
    "as_of_today": ("截至今天", "as of today"),
    "known_at": ("系统时点（known_at）", "As known at (known_at)"),
    "known_now": ("导出时系统已知的全部记录", "everything recorded when exported"),
    "position": ("日志位置（X-Log-Position）", "Log position (X-Log-Position)"),
    "exported_at": ("导出时间（北京时间）", "Exported at (China time)"),
    "exported_by": ("导出令牌", "Exported with token"),
    "counts": ("组织数量统计", "Organisations counted"),
    "campaign_year": ("四季关爱行动年度报表", "Seasonal care campaigns: the year"),
    "campaign_quarter": ("四季关爱行动季度报表", "Seasonal care campaign: one quarter"),
    "dormant": ("休眠组织名单", "Dormant organisations"),
    "guided": ("“1+N”组织树", '"1+N" tree'),
    "audit": ("审计时间线", "Audit timeline"),
    "members": ("会员与“一员一事”项目统计", "Members and their projects"),
    "field": ("项目", "Item"),
    "value": ("数值", "Value"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}


def _pick(table: dict[str, tuple[str, str]], key: str, lang: Lang) -> str:
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def name(code: str, lang: Lang) -> str:
    return _pick(CODES, code, lang)


def field(key: str, lang: Lang) -> str:
    return _pick(FIELDS, key, lang)


def stamp(key: str, lang: Lang) -> str:
    return _pick(STAMP, key, lang)
