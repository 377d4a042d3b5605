"""Every code's name in Chinese and English, as the federations' reports write them.

The codes (`non_public_enterprise`, `summer_cooling`, ...) are the contract; people read names. One
table per list of codes, so that the command line, the exports and the dashboard say the same thing,
and a command may be given a name instead of its code (`--domain 非公企业`).
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from typing import TypeVar

from niangjia_contracts.enums import (
    Campaign,
    Domain,
    FederationKind,
    InspectionFinding,
    Level,
    MicroHomeSetting,
    OrganiserKind,
    RecognitionLevel,
    Sector,
    ServiceArea,
)
from niangjia_contracts.members import (
    CommunityRole,
    ErasureReason,
    LeavingReason,
    MemberRole,
    ProjectStatus,
)

Names = Mapping[str, tuple[str, str]]  # code -> (zh-CN, en)
E = TypeVar("E", bound=enum.StrEnum)

BY_ENUM: dict[type[enum.StrEnum], Names] = {
    FederationKind: {
        "federation": ("妇联", "federation"),
        "committee": ("妇委会", "committee"),
        "group": ("妇女小组", "group"),
    },
    Sector: {
        "new_economic": ("新经济组织", "new economic"),
        "new_social": ("新社会组织", "new social"),
        "new_employment": ("新就业群体", "new employment"),
    },
    Domain: {
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
    },
    Level: {
        "county": ("县（市、区）", "county"),
        "town": ("镇（街道）", "town"),
        "village": ("村（社区）", "village"),
        "grid": ("网格（楼栋）", "grid"),
    },
    InspectionFinding: {
        "active": ("活跃", "active"),
        "weak": ("较弱", "weak"),
        "dormant": ("休眠", "dormant"),
    },
    RecognitionLevel: {
        "national": ("全国", "national"),
        "provincial": ("省级", "provincial"),
        "city": ("市级", "city"),
        "county": ("县级", "county"),
        "town": ("镇（街道）级", "town"),
    },
    MicroHomeSetting: {
        "stairwell": ("楼道", "stairwell"),
        "merchant": ("商户", "merchant"),
        "enterprise": ("企业", "enterprise"),
        "market": ("市场", "market"),
        "community": ("社区", "community"),
        "service_center": ("服务中心", "service centre"),
        "online": ("线上", "online"),
    },
    Campaign: {
        "spring_warmth": ("春送温暖", "spring: warmth"),
        "summer_cooling": ("夏送清凉", "summer: cooling"),
        "autumn_health": ("秋送健康", "autumn: health"),
        "winter_skills": ("冬送技能", "winter: skills"),
    },
    ServiceArea: {
        "ideological_guidance": ("思想引领", "ideological guidance"),
        "womens_entrepreneurship": ("创业就业", "women's entrepreneurship"),
        "rights_protection": ("维权服务", "rights protection"),
        "family_education": ("家庭教育", "family education"),
        "care_for_women_and_children": ("关爱妇女儿童", "care for women and children"),
    },
    OrganiserKind: {
        "federation": ("妇联组织", "federation"),
        "micro_home": ("妇女微家", "micro-home"),
    },
    MemberRole: {
        "chair": ("主席（主任）", "chair"),
        "vice_chair": ("副主席（副主任）", "vice-chair"),
        "part_time_vice_chair": ("兼职副主席", "part-time vice-chair"),
        "seconded_vice_chair": ("挂职副主席", "seconded vice-chair"),
        "executive_member": ("执委", "executive member"),
    },
    CommunityRole: {
        "party_group_leader": ("党小组长", "party group leader"),
        "grid_leader": ("网格长", "grid leader"),
        "residents_group_leader": ("居民小组长", "residents' group leader"),
    },
    LeavingReason: {
        "term_ended": ("任期届满", "term ended"),
        "resigned": ("辞职", "resigned"),
        "moved_away": ("迁出", "moved away"),
        "removed": ("免职", "removed"),
        "other": ("其他", "other"),
    },
    ErasureReason: {
        "person_requested": ("本人要求删除", "the person asked"),
        "purpose_fulfilled": ("处理目的已实现", "purpose fulfilled"),
        "service_ended": ("停止提供服务", "service ended"),
        "retention_expired": ("保存期限已届满", "retention period expired"),
        "consent_withdrawn": ("本人撤回同意", "consent withdrawn"),
        "unlawful_processing": ("违法处理", "unlawful processing"),
    },
    ProjectStatus: {
        "pledged": ("已认领", "pledged"),
        "completed": ("已完成", "completed"),
    },
}

# Codes that are not a field's type but appear in reports.
STATUSES: Names = {
    "open": ("正常", "open"),
    "dormant": ("休眠", "dormant"),
    "dissolved": ("已撤销", "dissolved"),
    "closed": ("已关闭", "closed"),
}
ROLES: Names = {
    "recorder": ("录入员", "recorder"),
    "reporter": ("查看人", "reporter"),
    "auditor": ("审计员", "auditor"),
    "integrator": ("对接系统", "integrator"),
    "admin": ("管理员", "administrator"),
}
EVENT_TYPES: Names = {
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
    "MemberAppointed": ("任命执委", "member appointed"),
    "MemberRoleChanged": ("执委职务变更", "member's role changed"),
    "MemberLeft": ("执委离任", "member left"),
    "MemberErased": ("个人信息已删除", "personal data erased"),
    "ProjectPledged": ("认领实事项目", "project pledged"),
    "ProjectCompleted": ("实事项目完成", "project completed"),
}


# The facts' field names, for option help, table headers and the audit timeline.
FIELDS: Names = {
    "activity_id": ("活动编号", "activity id"),
    "appointed_on": ("任命日期", "appointed on"),
    "campaign": ("季度主题", "campaign"),
    "changed_on": ("变更日期", "changed on"),
    "closed_on": ("关闭日期", "closed on"),
    "community_roles": ("三长身份", "community roles"),
    "completed_on": ("完成日期", "completed on"),
    "corrected_fields": ("更正项", "corrected fields"),
    "dissolved_on": ("撤销日期", "dissolved on"),
    "domain": ("领域", "domain"),
    "erased_on": ("删除日期", "erased on"),
    "executive_members": ("执委人数", "executive members"),
    "federation_id": ("妇联编号", "federation id"),
    "finding": ("结论", "finding"),
    "founded_on": ("成立日期", "founded on"),
    "goods_value_yuan": ("爱心物资", "goods"),
    "guided_by": ("指导妇联", "guided by"),
    "held_on": ("活动日期", "held on"),
    "host_federation_id": ("依托妇联", "host federation"),
    "host_organisation": ("依托单位", "host"),
    "inspected_on": ("跟踪日期", "inspected on"),
    "kind": ("类型", "kind"),
    "leadership_elected_on": ("换届日期", "leadership elected on"),
    "left_on": ("离任日期", "left on"),
    "level": ("层级", "level"),
    "location": ("地点", "location"),
    "member_id": ("执委编号", "member id"),
    "members": ("成员", "members"),
    "name": ("名称", "name"),
    "opened_on": ("开设日期", "opened on"),
    "organisations_covered": ("覆盖组织", "organisations covered"),
    "organiser_id": ("组织方编号", "organiser id"),
    "organiser_kind": ("组织方类型", "organiser kind"),
    "outcome": ("成效", "outcome"),
    "people_served": ("受益人次", "people served"),
    "pledged_on": ("认领日期", "pledged on"),
    "reason": ("原因", "reason"),
    "recognised_on": ("获评日期", "recognised on"),
    "region": ("地区", "region"),
    "remark": ("备注", "remark"),
    "role": ("职务", "role"),
    "service_area": ("服务领域", "service area"),
    "setting": ("场所", "setting"),
    "target": ("目标", "target"),
    "term_ends_on": ("任期届满日期", "term ends on"),
    "theme": ("主题", "theme"),
    "title": ("名称", "title"),
    "volunteers": ("志愿者", "volunteers"),
    "women_members": ("妇女会员", "women members"),
}


def name(names: Names, code: str, language: str) -> str:
    """`code`'s name in `language` ("zh" or "en"); an unknown code is shown as it is."""
    pair = names.get(code)
    if pair is None:
        return code
    return pair[1] if language == "en" else pair[0]


def name_of(value: enum.StrEnum, language: str) -> str:
    return name(BY_ENUM[type(value)], value.value, language)


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def parse_name(kind: type[E], text: str) -> E:
    """The member of `kind` whose code, Chinese name or English name is `text` (NFKC, any case).

    Raises ValueError, naming the accepted values, when none is."""
    wanted = _key(text)
    for member in kind:
        zh, en = BY_ENUM[kind][member.value]
        if wanted in {_key(member.value), _key(zh), _key(en)}:
            return member
    raise ValueError(text)


def choices(kind: type[enum.StrEnum], language: str) -> list[str]:
    """The names a person may type for `kind`, in `language`, in the enum's order."""
    return [name_of(member, language) for member in kind]
