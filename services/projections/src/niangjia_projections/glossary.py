"""The names of the glossary's codes and of the reports' fields, in Chinese and English, for what the
service writes for people to read (the Excel exports). The dashboard's i18n.js holds the same names
for the browser; a unit test keeps the two in agreement.

`name(code, lang)` gives a code's name, `field(key, lang)` a field's header; an unknown code or key
comes back unchanged (a region path, a title, a person's pseudonym are shown as they are).
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

CODES: dict[str, tuple[str, str]] = {
    # domains
    "non_public_enterprise": ("非公企业", "non-public enterprise"),
    "industrial_park": ("园区", "industrial park"),
    "market": ("市场", "market"),
    "business_district": ("商圈街区", "business district"),
    "office_building": ("楼宇", "office building"),
    "industry_chain": ("产业链", "industry chain"),
    "social_organization": ("社会组织", "social organisation"),
    "industry_association": ("行业协会", "industry association"),
    "chamber_of_commerce": ("商会", "chamber of commerce"),
    "emerging_industry": ("新兴行业", "emerging industry"),
    "residential_community": ("小区楼道", "residential community"),
    "talent_apartment": ("人才公寓", "talent apartment"),
    "overseas": ("海外", "overseas"),
    "park_and_market": ("园区市场", "parks and markets"),
    # sectors
    "new_economic": ("新经济组织", "new economic"),
    "new_social": ("新社会组织", "new social"),
    "new_employment": ("新就业群体", "new employment"),
    "none": ("其他", "other"),
    # levels (also the levels of a demonstration-site title)
    "national": ("全国", "national"),
    "provincial": ("省级", "provincial"),
    "city": ("市级", "city"),
    "county": ("县（市、区）", "county"),
    "town": ("镇（街道）", "town"),
    "village": ("村（社区）", "village"),
    "grid": ("网格（楼栋）", "grid"),
    # kinds and organisation types
    "federation": ("妇联", "federation"),
    "committee": ("妇委会", "committee"),
    "group": ("妇女小组", "group"),
    "micro_home": ("妇女微家", "micro-home"),
    # statuses and findings
    "open": ("正常", "open"),
    "dormant": ("休眠", "dormant"),
    "dissolved": ("已撤销", "dissolved"),
    "closed": ("已关闭", "closed"),
    "active": ("活跃", "active"),
    "weak": ("较弱", "weak"),
    "standing": ("存续", "standing"),
    "finding": ("检查认定", "by finding"),
    "silence": ("长期沉寂", "by silence"),
    # campaigns
    "spring_warmth": ("春送温暖", "spring: warmth"),
    "summer_cooling": ("夏送清凉", "summer: cooling"),
    "autumn_health": ("秋送健康", "autumn: health"),
    "winter_skills": ("冬送技能", "winter: skills"),
    # micro-home settings
    "stairwell": ("楼道", "stairwell"),
    "merchant": ("商户", "merchant"),
    "enterprise": ("企业", "enterprise"),
    "community": ("社区", "community"),
    "service_center": ("服务中心", "service centre"),
    "online": ("线上", "online"),
    # members: service areas, roles, community roles
    "ideological_guidance": ("思想引领", "ideological guidance"),
    "womens_entrepreneurship": ("创业就业", "women's entrepreneurship"),
    "rights_protection": ("维权服务", "rights protection"),
    "family_education": ("家庭教育", "family education"),
    "care_for_women_and_children": ("关爱妇女儿童", "care for women and children"),
    "chair": ("主席", "chair"),
    "vice_chair": ("副主席", "vice chair"),
    "executive_member": ("执委", "executive member"),
    "grid_leader": ("网格长", "grid leader"),
    "party_group_leader": ("党小组长", "party group leader"),
    "residents_group_leader": ("居民小组长", "residents' group leader"),
    # event types
    "FederationFounded": ("成立", "founded"),
    "FederationInspected": ("动态跟踪", "inspected"),
    "FederationRecognised": ("获评示范点", "recognised"),
    "FederationDissolved": ("撤销", "dissolved"),
    "MicroHomeOpened": ("微家开设", "micro-home opened"),
    "MicroHomeRecognised": ("微家获评示范点", "micro-home recognised"),
    "MicroHomeClosed": ("微家关闭", "micro-home closed"),
    "CareActivityHeld": ("关爱活动", "care activity held"),
    "CareActivityCorrected": ("更正", "corrected"),
    "CareActivityRetracted": ("撤回", "retracted"),
}

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
