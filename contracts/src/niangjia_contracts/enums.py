"""The glossary's enumerations, with the domain -> sector mapping."""

from __future__ import annotations

import enum
from datetime import date

__all__ = [
    "DOMAIN_GROUPS",
    "SECTOR_OF_DOMAIN",
    "Campaign",
    "ChamberOrigin",
    "CommunityRole",
    "Domain",
    "ErasureReason",
    "FederationKind",
    "InspectionFinding",
    "LeavingReason",
    "Level",
    "MemberRole",
    "MicroHomeSetting",
    "OrganiserKind",
    "ProjectStatus",
    "RecognitionLevel",
    "Sector",
    "ServiceArea",
    "quarter_of",
]


class FederationKind(enum.StrEnum):
    """妇联 / 妇委会 / 妇女小组."""

    FEDERATION = "federation"
    COMMITTEE = "committee"
    GROUP = "group"


class Sector(enum.StrEnum):
    """新经济组织 / 新社会组织 / 新就业群体."""

    NEW_ECONOMIC = "new_economic"
    NEW_SOCIAL = "new_social"
    NEW_EMPLOYMENT = "new_employment"


class Domain(enum.StrEnum):
    """The domain of a new-domain federation."""

    NON_PUBLIC_ENTERPRISE = "non_public_enterprise"
    INDUSTRIAL_PARK = "industrial_park"
    MARKET = "market"
    BUSINESS_DISTRICT = "business_district"
    OFFICE_BUILDING = "office_building"
    INDUSTRY_CHAIN = "industry_chain"
    SOCIAL_ORGANIZATION = "social_organization"
    INDUSTRY_ASSOCIATION = "industry_association"
    CHAMBER_OF_COMMERCE = "chamber_of_commerce"
    EMERGING_INDUSTRY = "emerging_industry"
    RESIDENTIAL_COMMUNITY = "residential_community"
    TALENT_APARTMENT = "talent_apartment"
    OVERSEAS = "overseas"

    @property
    def sector(self) -> Sector | None:
        """The sector the glossary gives this domain (None for domains it leaves outside them)."""
        return SECTOR_OF_DOMAIN.get(self)


SECTOR_OF_DOMAIN: dict[Domain, Sector] = {
    Domain.NON_PUBLIC_ENTERPRISE: Sector.NEW_ECONOMIC,
    Domain.INDUSTRIAL_PARK: Sector.NEW_ECONOMIC,
    Domain.MARKET: Sector.NEW_ECONOMIC,
    Domain.BUSINESS_DISTRICT: Sector.NEW_ECONOMIC,
    Domain.OFFICE_BUILDING: Sector.NEW_ECONOMIC,
    Domain.INDUSTRY_CHAIN: Sector.NEW_ECONOMIC,
    Domain.SOCIAL_ORGANIZATION: Sector.NEW_SOCIAL,
    Domain.INDUSTRY_ASSOCIATION: Sector.NEW_SOCIAL,
    Domain.CHAMBER_OF_COMMERCE: Sector.NEW_SOCIAL,
    Domain.EMERGING_INDUSTRY: Sector.NEW_EMPLOYMENT,
}

DOMAIN_GROUPS: dict[str, frozenset[Domain]] = {
    # 武进's 园区市场: parks and markets reported together.
    "park_and_market": frozenset({Domain.INDUSTRIAL_PARK, Domain.MARKET}),
}
"""Named groupings of domains that reports use; queries may also pass their own."""


class ChamberOrigin(enum.StrEnum):
    """Where a chamber of commerce's members come from, as the reports tell chambers apart:
    在外商会 (the county's business people in another city), 外来商会 (another province's business
    people in the county, such as 乐清's 来乐商会), 本地商会 (the county's own)."""

    OUTBOUND = "outbound"
    INBOUND = "inbound"
    LOCAL = "local"


class Level(enum.StrEnum):
    """市—镇—村—网格."""

    COUNTY = "county"
    TOWN = "town"
    VILLAGE = "village"
    GRID = "grid"


class InspectionFinding(enum.StrEnum):
    """What a follow-up inspection (动态跟踪) found."""

    ACTIVE = "active"
    WEAK = "weak"
    DORMANT = "dormant"


class RecognitionLevel(enum.StrEnum):
    """The level of a demonstration-site title (示范点)."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"
    TOWN = "town"


class MicroHomeSetting(enum.StrEnum):
    """Where a women's micro-home (妇女微家) sits."""

    STAIRWELL = "stairwell"
    MERCHANT = "merchant"
    ENTERPRISE = "enterprise"
    MARKET = "market"
    COMMUNITY = "community"
    SERVICE_CENTER = "service_center"
    ONLINE = "online"


class Campaign(enum.StrEnum):
    """The four seasonal care campaigns, one theme per calendar quarter."""

    SPRING_WARMTH = "spring_warmth"
    SUMMER_COOLING = "summer_cooling"
    AUTUMN_HEALTH = "autumn_health"
    WINTER_SKILLS = "winter_skills"

    @property
    def quarter(self) -> int:
        return _CAMPAIGN_ORDER.index(self) + 1

    @classmethod
    def of_quarter(cls, quarter: int) -> Campaign:
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter must be 1..4, got {quarter}")
        return _CAMPAIGN_ORDER[quarter - 1]

    @classmethod
    def of_date(cls, day: date) -> Campaign:
        return cls.of_quarter(quarter_of(day))


_CAMPAIGN_ORDER = (
    Campaign.SPRING_WARMTH,
    Campaign.SUMMER_COOLING,
    Campaign.AUTUMN_HEALTH,
    Campaign.WINTER_SKILLS,
)


def quarter_of(day: date) -> int:
    """The calendar quarter (1..4) of a date."""
    return (day.month - 1) // 3 + 1


class ServiceArea(enum.StrEnum):
    """The five areas of 一执委一实事 ("one executive member, one real deed")."""

    IDEOLOGICAL_GUIDANCE = "ideological_guidance"
    WOMENS_ENTREPRENEURSHIP = "womens_entrepreneurship"
    RIGHTS_PROTECTION = "rights_protection"
    FAMILY_EDUCATION = "family_education"
    CARE_FOR_WOMEN_AND_CHILDREN = "care_for_women_and_children"


class OrganiserKind(enum.StrEnum):
    """Who can organise a care activity."""

    FEDERATION = "federation"
    MICRO_HOME = "micro_home"


# --- the people (执委) -------------------------------------------------------------------------


class MemberRole(enum.StrEnum):
    """主席 / 副主席 / 兼职副主席 / 挂职副主席 / 执委."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    PART_TIME_VICE_CHAIR = "part_time_vice_chair"
    SECONDED_VICE_CHAIR = "seconded_vice_chair"
    EXECUTIVE_MEMBER = "executive_member"


class CommunityRole(enum.StrEnum):
    """三长: the community roles an executive member may also hold."""

    PARTY_GROUP_LEADER = "party_group_leader"
    GRID_LEADER = "grid_leader"
    RESIDENTS_GROUP_LEADER = "residents_group_leader"


class LeavingReason(enum.StrEnum):
    """Why a member left (a closed list: free text about a person would be personal data)."""

    TERM_ENDED = "term_ended"
    RESIGNED = "resigned"
    MOVED_AWAY = "moved_away"
    REMOVED = "removed"
    OTHER = "other"


class ErasureReason(enum.StrEnum):
    """The ground for erasing a person's data (PIPL Art. 47), from a closed list for the same reason."""

    PERSON_REQUESTED = "person_requested"
    PURPOSE_FULFILLED = "purpose_fulfilled"
    SERVICE_ENDED = "service_ended"
    RETENTION_EXPIRED = "retention_expired"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    UNLAWFUL_PROCESSING = "unlawful_processing"


class ProjectStatus(enum.StrEnum):
    PLEDGED = "pledged"
    COMPLETED = "completed"
