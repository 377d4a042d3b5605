"""The milestone reports' answers computed from the data set's definition alone: chambers by
origin over the standing set, federations founded within a window, first leaderships elected
within a period, and the first federation of each domain and kind. Nothing here calls the code
under test."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from niangjia_contracts import Domain, FederationKind

from tests.e2e.reports.dataset import COUNTY_CODES, Org
from tests.e2e.reports.expected import SECTORS, Clocks, ended, recorded_orgs

DOMAINS = [d.value for d in Domain]
KINDS = [k.value for k in FederationKind]
"""The glossary's order, in which the firsts are listed."""
WINDOW = (date(2022, 1, 1), date(2023, 12, 31))
PERIOD = (date(2024, 1, 1), date(2024, 12, 31))
FOUNDED = f"/founded?founded_from={WINDOW[0]}&founded_to={WINDOW[1]}"
ELECTIONS = f"/elections?elected_from={PERIOD[0]}&elected_to={PERIOD[1]}"


def _head(county: str, c: Clocks) -> dict[str, Any]:
    return {**c.head(), "region": county, "region_code": COUNTY_CODES[county]}


def _federations(county: str, c: Clocks) -> list[Org]:
    """Known by known_at, in the order founded (ties: recorded first)."""
    orgs = [o for o in recorded_orgs(Clocks(date.max, c.phase, c.known_at)) if o.type == "federation"]
    return sorted((o for o in orgs if o.county == county), key=lambda o: o.opened_on)


def _item(o: Org) -> dict[str, Any]:
    code = COUNTY_CODES[o.county]
    return {
        "federation_id": o.id,
        "name": o.name,
        "region": o.region,
        "region_code": code,
        "founded_on": str(o.opened_on),
    }


def _by(values: list[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def _sector(domain: str | None) -> str:
    return next((sector for sector, domains in SECTORS.items() if domain in domains), "none")


def chambers(county: str, c: Clocks) -> dict[str, Any]:
    rows = [
        o
        for o in _federations(county, c)
        if o.domain == "chamber_of_commerce" and o.opened_on <= c.as_of and not ended(o, c)
    ]
    origins = Counter(o.origin or "not_recorded" for o in rows)
    return {
        **_head(county, c),
        "set": "standing",
        "total": len(rows),
        "by_origin": {k: origins[k] for k in ("outbound", "inbound", "local", "not_recorded")},
        "items": [{**_item(o), "chamber_origin": o.origin} for o in rows],
    }


def founded(county: str, c: Clocks) -> dict[str, Any]:
    last = min(WINDOW[1], c.as_of)
    rows = [o for o in _federations(county, c) if WINDOW[0] <= o.opened_on <= last]
    return {
        **_head(county, c),
        "founded_from": str(WINDOW[0]),
        "founded_to": str(last),
        "total": len(rows),
        "standing": sum(1 for o in rows if not ended(o, c)),
        "by_domain": _by([str(o.domain) for o in rows]),
        "by_sector": _by([_sector(o.domain) for o in rows]),
        "by_kind": _by([str(o.kind) for o in rows]),
        "by_level": _by([str(o.level) for o in rows]),
        "by_year": _by([str(o.opened_on.year) for o in rows]),
    }


def elections(county: str, c: Clocks) -> dict[str, Any]:
    last = min(PERIOD[1], c.as_of)
    rows = [o for o in _federations(county, c) if o.elected is not None and PERIOD[0] <= o.elected <= last]
    rows.sort(key=lambda o: str(o.elected))
    return {
        **_head(county, c),
        "elected_from": str(PERIOD[0]),
        "elected_to": str(last),
        "total": len(rows),
        "by_domain": _by([str(o.domain) for o in rows]),
        "by_month": _by([str(o.elected)[:7] for o in rows]),
        "items": [
            {**_item(o), "domain": o.domain, "kind": o.kind, "leadership_elected_on": str(o.elected)} for o in rows
        ],
    }


def firsts(county: str, c: Clocks) -> dict[str, Any]:
    earliest: dict[tuple[str, str], Org] = {}
    for o in _federations(county, c):
        if o.opened_on <= c.as_of:
            earliest.setdefault((str(o.domain), str(o.kind)), o)
    items = [
        {**_item(o), "domain": o.domain, "kind": o.kind, "level": o.level, "standing": not ended(o, c)}
        for _, o in sorted(earliest.items(), key=lambda pair: (DOMAINS.index(pair[0][0]), KINDS.index(pair[0][1])))
    ]
    return {**_head(county, c), "domain": None, "kind": None, "total": len(items), "items": items}
