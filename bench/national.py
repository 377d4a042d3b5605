"""A national-scale history for the benchmarks, reproducible from a seed: real county-level regions
(the region registry, GB/T 2260), towns under them, federations of every domain and level in "1+N"
trees (a county federation guiding town ones, those guiding village and grid ones), micro-homes
hosted by them, executive members, inspections, recognitions, dissolutions and closures, and five
years (2021-2025) of care activities with late entries, corrections and retractions, each recorded
on its day (the store's clock follows the history, so `known_at` means something).

    events(count, seed) -> iterator of (recorded day, stream, NewEvent)

Sizes follow the count: about 4 % federations, 3 % micro-homes, 3 % members, 2 % inspections, the
rest activities (a twentieth of them corrected, one in a hundred retracted). Regions are weighted
(a few large counties, many small ones), as a national deployment's would be.
"""

from __future__ import annotations

import bisect
import json
import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from typing import Any

from niangjia_contracts import EVENT_TYPES, SECTOR_OF_DOMAIN, Campaign, ChamberOrigin, Domain
from niangjia_contracts.regions import registry
from niangjia_eventstore import NewEvent

FIRST_DAY = date(2021, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days + 1
DOMAINS = [d.value for d in Domain]
SECTOR = {d.value: s.value for d, s in SECTOR_OF_DOMAIN.items()}
ORIGINS = [o.value for o in ChamberOrigin]
SHAPE = 2
"""The generator's shape: part of a kept history's file name (`store_name`), so that a history
made by an earlier generator (version 1 foundings, no elections) is never read as this one's."""


def store_name(count: int, seed: int) -> str:
    return f"national-{count}-{seed}-shape{SHAPE}.db"


SETTINGS = ["stairwell", "merchant", "enterprise", "market", "community", "service_center", "online"]
AREAS = [None, "ideological_guidance", "womens_entrepreneurship", "rights_protection", "family_education"]
ROLES = ["chair", "vice_chair", "part_time_vice_chair", "executive_member", "executive_member", "executive_member"]
# the mix of one event in a hundred: (kind, share)
MIX = [
    ("federation", 4),
    ("micro_home", 3),
    ("member", 3),
    ("inspection", 2),
    ("recognition", 1),
    ("end", 1),
    ("correction", 4),
    ("retraction", 1),
    ("activity", 81),
]
_KINDS = [k for k, n in MIX for _ in range(n)]


@cache
def counties() -> list[str]:
    """Every county-level division's path, in code order."""
    return sorted((d.path for d in registry().by_path.values() if d.county), key=lambda p: registry().place(p).code)


class Region:
    """Where a new organisation goes: a county (weighted: a few large, many small), then a town."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paths = counties()
        weights = [1.0 / (1 + (i * 7919) % len(self.paths)) ** 0.6 for i in range(len(self.paths))]
        self.cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]

    def county(self) -> str:
        pick = self.rng.random() * self.cumulative[-1]
        return self.paths[bisect.bisect_left(self.cumulative, pick)]

    def town(self, county: str) -> str:
        n = self.rng.randrange(12)
        return f"{county}/{'街道' if n % 3 == 0 else '镇'}{n}"


def _meta(rng: random.Random, day: date, event_type: str) -> bytes:
    command = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return json.dumps(
        {
            "schema_version": EVENT_TYPES[event_type].schema_version,
            "occurred_on": day.isoformat(),
            "actor": "recorder",
            "command_id": command,
            "correlation_id": command,
            "causation_id": None,
            "source": "bench",
        }
    ).encode()


Made = tuple[str, str, dict[str, Any], date]
"""(stream, event type, payload, business date)"""


class History:
    """The state the generator keeps to make a valid history (ids refer to what exists)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.regions = Region(self.rng)
        self.federations: list[tuple[str, str, str, str]] = []  # id, region, level, founded_on
        self.guides: dict[tuple[str, str], str] = {}  # (region, level) -> a federation guiding below it
        self.homes: list[tuple[str, str]] = []
        self.activities: list[tuple[str, dict[str, Any]]] = []
        self.ended: set[str] = set()
        self.n = 0

    def event(self, day: date) -> Made:
        """The next event recorded on `day`: (stream, type, payload, business date)."""
        rng = self.rng
        self.n += 1
        kind = rng.choice(_KINDS) if len(self.federations) > 20 else "federation"
        if kind == "micro_home" and self.federations:
            return self._micro_home(day)
        if kind == "member":
            return self._member(day)
        if kind in ("inspection", "recognition", "end"):
            return self._change(kind, day)
        if kind in ("correction", "retraction") and self.activities:
            return self._correction(kind, day)
        if kind == "federation":
            return self._federation(day)
        return self._activity(day)

    def _federation(self, day: date) -> Made:
        rng = self.rng
        county = self.regions.county()
        level = rng.choices(["county", "town", "village", "grid"], [1, 3, 6, 2])[0]
        region = county if level == "county" else self.regions.town(county)
        parent = {"town": (county, "county"), "village": (region, "town"), "grid": (region, "town")}.get(level)
        guide = self.guides.get(parent) if parent else None
        fid = f"f{self.n}"
        on = day - timedelta(days=rng.randrange(400) if rng.random() < 0.1 else 0)  # a tenth entered late
        if level in ("county", "town"):
            self.guides.setdefault((region, level), fid)
        self.federations.append((fid, region, level, on.isoformat()))
        domain = rng.choice(DOMAINS)
        elected = on + timedelta(days=rng.randrange((day - on).days + 1)) if rng.random() < 0.2 else None
        data = {
            "federation_id": fid,
            "name": f"妇联 {self.n}",
            "kind": rng.choices(["federation", "committee", "group"], [6, 2, 1])[0],
            "domain": domain,
            "level": level,
            "region": region,
            "host_organisation": f"单位 {self.n}",
            "guided_by": guide,
            "founded_on": on.isoformat(),
            "women_members": rng.randrange(5, 400),
            "executive_members": rng.randrange(3, 25),
            "organisations_covered": rng.randrange(1, 30),
            "leadership_elected_on": elected.isoformat() if elected else None,
            "chamber_origin": rng.choice(ORIGINS) if domain == Domain.CHAMBER_OF_COMMERCE else None,
            "sector": SECTOR.get(domain),
        }
        return f"federation-{fid}", "FederationFounded", data, on

    def _micro_home(self, day: date) -> Made:
        host, region, _, founded = self.rng.choice(self.federations)
        mid = f"m{self.n}"
        on = max(day, date.fromisoformat(founded))
        self.homes.append((mid, region))
        data = {
            "micro_home_id": mid,
            "name": f"妇女微家 {self.n}",
            "setting": self.rng.choice(SETTINGS),
            "region": region,
            "host_federation_id": host,
            "opened_on": on.isoformat(),
            "theme": None,
            "members": self.rng.randrange(5, 60),
        }
        return f"micro_home-{mid}", "MicroHomeOpened", data, on

    def _member(self, day: date) -> Made:
        fid, region, level, _ = self.rng.choice(self.federations)
        member = f"p{self.n}"
        sealed = {"algorithm": "AES-256-GCM", "key_id": f"k{self.n}", "ciphertext": _ciphertext(self.n)}
        data = {
            "member_id": member,
            "federation_id": fid,
            "role": self.rng.choice(ROLES),
            "community_roles": [],
            "appointed_on": day.isoformat(),
            "term_ends_on": (day + timedelta(days=5 * 365)).isoformat(),
            "region": region,
            "level": level,
            "personal": sealed,
        }
        return f"member-{member}", "MemberAppointed", data, day

    def _change(self, kind: str, day: date) -> Made:
        rng = self.rng
        if kind == "end" and rng.random() < 0.4 and self.homes:
            mid, _ = rng.choice(self.homes)
            if mid not in self.ended:
                self.ended.add(mid)
                data = {"micro_home_id": mid, "closed_on": day.isoformat(), "reason": "停办"}
                return f"micro_home-{mid}", "MicroHomeClosed", data, day
        fid, _, _, founded = rng.choice(self.federations)
        on = max(day, date.fromisoformat(founded))
        stream = f"federation-{fid}"
        if kind == "end" and fid not in self.ended:
            self.ended.add(fid)
            return (
                stream,
                "FederationDissolved",
                {"federation_id": fid, "dissolved_on": on.isoformat(), "reason": "撤并"},
                on,
            )
        if kind == "recognition":
            level = rng.choice(["national", "provincial", "city", "county", "town"])
            data = {"federation_id": fid, "recognised_on": on.isoformat(), "level": level, "title": "示范妇联"}
            return stream, "FederationRecognised", data, on
        finding = rng.choices(["active", "weak", "dormant"], [7, 2, 1])[0]
        return (
            stream,
            "FederationInspected",
            {"federation_id": fid, "inspected_on": on.isoformat(), "finding": finding, "remark": None},
            on,
        )

    def _activity(self, day: date) -> Made:
        rng = self.rng
        late = rng.random() < 0.08  # entered weeks or months after it was held
        held = day - timedelta(days=rng.randrange(20, 200) if late else rng.randrange(3))
        held = max(held, FIRST_DAY)
        if self.homes and rng.random() < 0.3:
            organiser, region = rng.choice(self.homes)
            kind = "micro_home"
        else:
            organiser, region, _, _ = rng.choice(self.federations)
            kind = "federation"
        aid = f"a{self.n}"
        facts: dict[str, Any] = {
            "activity_id": aid,
            "organiser_id": organiser,
            "organiser_kind": kind,
            "region": region,
            "held_on": held.isoformat(),
            "title": f"关爱活动 {self.n}",
            "campaign": Campaign.of_date(held).value if rng.random() < 0.7 else None,
            "service_area": rng.choice(AREAS),
            "people_served": rng.randrange(5, 300),
            "volunteers": rng.randrange(0, 30),
            "goods_value_yuan": f"{rng.randrange(0, 20000)}.{rng.randrange(100):02d}",
            "location": None,
        }
        self.activities.append((aid, facts))
        if len(self.activities) > 5000:  # corrections and retractions touch recent records
            self.activities = self.activities[-2500:]
        return f"care_activity-{aid}", "CareActivityHeld", facts, held

    def _correction(self, kind: str, day: date) -> Made:
        index = self.rng.randrange(len(self.activities))
        aid, facts = self.activities[index]
        if kind == "retraction":
            del self.activities[index]
            return f"care_activity-{aid}", "CareActivityRetracted", {"activity_id": aid, "reason": "重复录入"}, day
        fixed = {**facts, "people_served": self.rng.randrange(5, 300), "corrected_fields": ["people_served"]}
        fixed["reason"] = "复核更正"
        self.activities[index] = (aid, {k: v for k, v in fixed.items() if k not in ("corrected_fields", "reason")})
        return f"care_activity-{aid}", "CareActivityCorrected", fixed, date.fromisoformat(str(facts["held_on"]))


@cache
def _ciphertext(n: int) -> str:
    return uuid.UUID(int=n).hex * 2  # stands for a sealed blob's base64url (the reports never open it)


def events(count: int, seed: int = 20) -> Iterator[tuple[date, str, NewEvent]]:
    """`count` events in the order they were recorded, spread evenly over the five years."""
    history = History(seed)
    for n in range(count):
        day = FIRST_DAY + timedelta(days=n * DAYS // count)
        stream, event_type, data, on = history.event(day)
        event_id = uuid.UUID(int=history.rng.getrandbits(128), version=4)
        meta = _meta(history.rng, on, event_type)
        yield day, stream, NewEvent(event_id=event_id, type=event_type, data=json.dumps(data).encode(), metadata=meta)
