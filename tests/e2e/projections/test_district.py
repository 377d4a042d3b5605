"""End to end through the services' HTTP APIs: a district like 武进 and a year of campaigns like
永川's, recorded through orgs and activities, read back from projections with exactly the figures
the reports publish."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.processes import ServiceProcess, issue_token, start_service

pytestmark = pytest.mark.e2e

WUJIN = "江苏省/常州市/武进区"
TOWNS = [f"{WUJIN}/湖塘镇", f"{WUJIN}/牛塘镇", f"{WUJIN}/高新区"]


def federations() -> list[dict[str, Any]]:
    """162: 16 emerging-industry, 19 park-and-market, 92 non-public-enterprise, 35 in other domains;
    the high-tech zone federation guides 53 of the enterprise federations."""
    plan = [
        ("industrial_park", 10),
        ("market", 8),
        ("emerging_industry", 16),
        ("non_public_enterprise", 39),
        ("social_organization", 15),
        ("business_district", 10),
        ("chamber_of_commerce", 10),
    ]
    out: list[dict[str, Any]] = [_federation("hitech", "industrial_park", TOWNS[2], level="town")]
    out[0]["executive_members"] = 30
    for domain, n in plan:
        out += [_federation(f"{domain}-{i}", domain, TOWNS[i % 3]) for i in range(n)]
    out += [_federation(f"guided-{i}", "non_public_enterprise", TOWNS[2], guided_by="hitech") for i in range(53)]
    return out


def _federation(
    fid: str, domain: str, region: str, *, level: str = "village", guided_by: str | None = None
) -> dict[str, Any]:
    return {
        "federation_id": fid.replace("_", "-"),
        "name": f"{fid} 妇联",
        "kind": "federation",
        "domain": domain,
        "level": level,
        "region": region,
        "host_organisation": f"{fid} host",
        "guided_by": guided_by,
        "founded_on": "2023-03-01",
        "women_members": 40,
        "executive_members": 20,
        "organisations_covered": 3,
    }


def activities(organisers: list[str]) -> list[dict[str, Any]]:
    """22 activities over the four seasonal campaigns of 2024, goods worth 199,800.00 yuan."""
    days = ["2024-02-10"] * 6 + ["2024-05-10"] * 5 + ["2024-08-10"] * 5 + ["2024-11-10"] * 6
    themes = {"02": "spring_warmth", "05": "summer_cooling", "08": "autumn_health", "11": "winter_skills"}
    out = []
    for i, day in enumerate(days):
        out.append(
            {
                "organiser_id": organisers[i % len(organisers)],
                "held_on": day,
                "title": f"四季关爱 {i}",
                "campaign": themes[day[5:7]],
                "people_served": 50,
                "volunteers": 5,
                "goods_value_yuan": "10800.00" if i == 0 else "9000.00",
            }
        )
    return out


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data: Path = tmp_path_factory.mktemp("district")
    env = {
        "NIANGJIA_DATA_DIR": str(data),
        "NIANGJIA_STORE_URL": f"sqlite:///{data / 'events.db'}",
        "NIANGJIA_LOG_LEVEL": "WARNING",
    }
    started: list[ServiceProcess] = []
    try:
        for name in ("orgs", "activities", "projections"):
            started.append(start_service(name, env=env, log_dir=data))
        yield {
            "orgs": started[0].url,
            "activities": started[1].url,
            "projections": started[2].url,
            "recorder": issue_token(data / "tokens.json", "recorder", "recorder"),
            "reporter": issue_token(data / "tokens.json", "reporter", "reporter"),
            "auditor": issue_token(data / "tokens.json", "auditor", "auditor"),
        }
    finally:
        for service in started:
            service.stop()


async def _post_all(url: str, token: str, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    limit = asyncio.Semaphore(12)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:

        async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
            async with limit:
                response = await client.post(path, json=body)
                assert response.status_code == 201, response.text
                answer: dict[str, Any] = response.json()
                return answer

        return list(await asyncio.gather(*(post(b.pop("_path"), b) for b in bodies)))


def test_the_district_figures(stack: dict[str, Any]) -> None:
    feds = federations()
    first = asyncio.run(_post_all(stack["orgs"], stack["recorder"], [{**feds[0], "_path": "/federations"}]))
    rest = asyncio.run(_post_all(stack["orgs"], stack["recorder"], [{**f, "_path": "/federations"} for f in feds[1:]]))
    ids = [f["federation_id"] for f in feds]
    homes = [
        {
            "_path": "/micro-homes",
            "micro_home_id": f"home-{i}",
            "name": f"微家 {i}",
            "setting": "merchant",
            "region": feds[i % len(feds)]["region"],  # inside its host's region
            "host_federation_id": ids[i % len(ids)],
            "opened_on": "2023-06-01",
        }
        for i in range(160)
    ]
    opened = asyncio.run(_post_all(stack["orgs"], stack["recorder"], homes))
    held = asyncio.run(
        _post_all(
            stack["activities"],
            stack["recorder"],
            [{**a, "_path": "/care-activities"} for a in activities(ids[1:12])],
        )
    )
    last = max(a["position"] for a in [*first, *rest, *opened, *held])
    reports = httpx.Client(base_url=stack["projections"], headers={"Authorization": f"Bearer {stack['reporter']}"})

    counts = reports.get("/counts", params={"region": WUJIN, "min_position": last}).json()
    fed = counts["federations"]
    assert fed["total"] == 162
    assert fed["by_domain"]["emerging_industry"] == 16
    assert fed["by_domain"]["non_public_enterprise"] == 92
    assert fed["by_group"]["park_and_market"] == 19
    assert fed["by_region"][WUJIN] == 162
    assert counts["micro_homes"]["total"] == 160
    adhoc = reports.get("/counts", params={"groups": "parks:industrial_park+market", "group_by": "group"}).json()
    assert adhoc["federations"]["by_group"]["parks"] == 19

    tree = reports.get("/federations/hitech/guided").json()
    assert tree["direct"]["federations"] == 53
    assert tree["direct"]["by_domain"] == {"non_public_enterprise": 53}

    year = reports.get("/campaigns/2024").json()
    assert year["total"]["activities"] == 22
    assert Decimal(year["total"]["goods_value_yuan"]) == Decimal("199800.00")
    assert year["total"]["goods_value_yuan"] == "199800.00"
    assert [q["activities"] for q in year["quarters"]] == [6, 5, 5, 6]
    assert year["in_campaigns"] == year["total"] and year["outside_campaigns"]["activities"] == 0
    assert [q["effective_coverage"]["federations_open"] for q in year["quarters"]] == [162] * 4

    audit = httpx.get(
        stack["projections"] + "/audit/log",
        params={"format": "jsonl", "event_type": "CareActivityHeld"},
        headers={"Authorization": f"Bearer {stack['auditor']}"},
    )
    assert len(audit.text.splitlines()) == 22
    assert reports.get("/audit/log").status_code == 403
