"""The reports' figures computed from the data set's definition alone, by the definitions the
reports document (one set per answer, dormancy by finding or by silence, campaigns
whose rows add up, both clocks everywhere). Nothing here calls the code under test.

`phase` stands for a `known_at`: 0 knows nothing yet, 1 the first phase only, 2 everything."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tests.e2e.reports.dataset import (
    ACTIVITIES,
    COUNTY_CODES,
    INSPECTIONS,
    ORGS,
    RECOGNITIONS,
    Activity,
    Org,
)

SECTORS = {
    "new_economic": {"non_public_enterprise", "industrial_park", "market", "business_district", "office_building"},
    "new_social": {"social_organization", "industry_association", "chamber_of_commerce"},
    "new_employment": {"emerging_industry"},
}
THEMES = ("spring_warmth", "summer_cooling", "autumn_health", "winter_skills")
QUARTERS = {1: ("01-01", "03-31"), 2: ("04-01", "06-30"), 3: ("07-01", "09-30"), 4: ("10-01", "12-31")}


@dataclass(frozen=True)
class Clocks:
    as_of: date
    phase: int
    known_at: str | None  # as the reports print it (None: now)

    def head(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "known_at": self.known_at}


def knows(c: Clocks, late: bool) -> bool:
    """Whether a record of the first phase (or of the second when `late`) is known on the clocks."""
    return c.phase >= (2 if late else 1)


def recorded_orgs(c: Clocks) -> list[Org]:
    """Organisations opened by as_of and recorded by known_at, in the order they were recorded."""
    ordered = [o for o in ORGS if not o.late] + [o for o in ORGS if o.late]
    return [o for o in ordered if o.opened_on <= c.as_of and knows(c, o.late)]


def ended(o: Org, c: Clocks, day: date | None = None) -> bool:
    """Dissolved on or before `day` (as_of by default), the dissolution being recorded in the second phase."""
    return o.dissolved_on is not None and c.phase == 2 and o.dissolved_on <= (day or c.as_of)


def activities(c: Clocks) -> list[dict[str, Any]]:
    """Activities held by as_of as known then: corrections applied, retracted ones left out."""
    known = [_values(a, c.phase) for a in ACTIVITIES if knows(c, a.late) and not (a.retracted and c.phase == 2)]
    return [a for a in known if a["held_on"] <= c.as_of]


def _values(a: Activity, phase: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organiser": a.organiser,
        "held_on": a.held_on,
        "campaign": a.campaign,
        "people": a.people,
        "volunteers": a.volunteers,
        "goods": a.goods,
    }
    if phase == 2 and a.corrected:
        fixed = a.corrected
        values["organiser"] = fixed.get("organiser_id", a.organiser)
        values["held_on"] = date.fromisoformat(str(fixed.get("held_on", a.held_on)))
        values["campaign"] = fixed.get("campaign", a.campaign)
        values["people"] = fixed.get("people_served", a.people)
        values["goods"] = Decimal(str(fixed.get("goods_value_yuan", a.goods)))
    return values


def dormant_by(o: Org, c: Clocks, since: date) -> str | None:
    """By finding: its latest inspection dated by as_of found it dormant and no activity came after.
    By silence: founded before `since`, no activity and no inspection from `since` to as_of."""
    held = [a["held_on"] for a in activities(c) if a["organiser"] == o.id]
    seen = [i for i in INSPECTIONS if i.federation == o.id and i.inspected_on <= c.as_of and knows(c, i.late)]
    latest = max(seen, key=lambda i: i.inspected_on) if seen else None
    if latest is not None and latest.finding == "dormant" and not any(d > latest.inspected_on for d in held):
        return "finding"
    quiet = not any(d >= since for d in held) and not any(i.inspected_on >= since for i in seen)
    return "silence" if o.opened_on < since and quiet else None


def since_of(c: Clocks) -> date:
    return c.as_of - timedelta(days=365)


def status(o: Org, c: Clocks) -> str:
    if ended(o, c):
        return "dissolved" if o.type == "federation" else "closed"
    return "dormant" if dormant_by(o, c, since_of(c)) else "open"


def _rolled(regions: list[str], county: str) -> dict[str, int]:
    out: Counter[str] = Counter()
    for region in regions:
        parts = region.split("/")
        for depth in range(len(county.split("/")), len(parts) + 1):
            out["/".join(parts[:depth])] += 1
    return dict(out)


def _recognised(orgs: list[Org], c: Clocks) -> dict[str, int]:
    ids = {o.id for o in orgs}
    return dict(
        Counter(r.level for r in RECOGNITIONS if r.org in ids and r.recognised_on <= c.as_of and knows(c, False))
    )


def within(region: str, scope: str) -> bool:
    return region.split("/")[: len(scope.split("/"))] == scope.split("/")


def counts(county: str, c: Clocks, region: str | None = None, statuses: list[str] | None = None) -> dict[str, Any]:
    """The organisations standing on as_of in `region` (the county by default): founded by then,
    as known, and not dissolved; every figure over that one set, ended and ever-founded apart."""
    region = region or county
    known = [o for o in recorded_orgs(c) if o.county == county and within(o.region, region)]
    standing = [o for o in known if not ended(o, c) and (statuses is None or status(o, c) in statuses)]
    feds = [o for o in standing if o.type == "federation"]
    homes = [o for o in standing if o.type == "micro_home"]
    sector = {d: s for s, domains in SECTORS.items() for d in domains}
    return {
        **c.head(),
        "region": region,
        "region_code": COUNTY_CODES[county],
        "set": "standing",
        "dormant_since": since_of(c).isoformat(),
        "statuses": statuses,
        "federations": {
            "total": len(feds),
            "by_domain": dict(Counter(str(o.domain) for o in feds)),
            "by_sector": dict(Counter(sector.get(str(o.domain), "none") for o in feds)),
            "by_kind": dict(Counter(str(o.kind) for o in feds)),
            "by_level": dict(Counter(str(o.level) for o in feds)),
            "by_status": dict(Counter(status(o, c) for o in feds)),
            "by_region": _rolled([o.region for o in feds], region),
            "by_setting": {"none": len(feds)} if feds else {},
            "by_group": {"park_and_market": sum(1 for o in feds if o.domain in ("industrial_park", "market"))},
            "recognised": _recognised(feds, c),
            "organisations_covered": sum(o.covered for o in feds),
            "executive_members": sum(o.executives for o in feds),
            "women_members": sum(o.women for o in feds),
        },
        "micro_homes": {
            "total": len(homes),
            "by_status": dict(Counter(status(o, c) for o in homes)),
            "by_region": _rolled([o.region for o in homes], region),
            "by_setting": dict(Counter(str(o.setting) for o in homes)),
            "recognised": _recognised(homes, c),
            "members": sum(o.members for o in homes),
        },
        "ended": {
            "federations": sum(1 for o in known if o.type == "federation" and ended(o, c)),
            "micro_homes": sum(1 for o in known if o.type == "micro_home" and ended(o, c)),
        },
        "ever_founded": {
            "federations": sum(1 for o in known if o.type == "federation"),
            "micro_homes": sum(1 for o in known if o.type == "micro_home"),
        },
    }
