"""Load the demo data set through the services' HTTP APIs, concurrently and idempotently.

Every command carries an `Idempotency-Key` made of the data set's version, the operation and the
record's id, and every entity has a fixed id: a second run records nothing new. The records go in
waves that respect what the services check (a guide before the federations it guides, a host
before its micro-homes, an organiser before its activities); the late entries, the correction and
the retraction form a second phase recorded after a short pause, so that reports "as known" before
it differ from reports known after.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from niangjia.demo.dataset import VERSION
from niangjia.demo.model import DataSet
from niangjia.errors import CliError

RETRYABLE_STATUS = frozenset({429, 502, 503, 504})
ALREADY_DONE_CODES = ("already", "exists", "nothing_to_correct")
"""A 409 whose code says the thing is already so (a re-run under another token): nothing to do."""
NOT_YET_CODES = ("unknown", "not_found")
"""A 404/409 about an organiser or guide the service has not seen yet: wait and retry."""


@dataclass(frozen=True, slots=True)
class Endpoints:
    orgs: str
    activities: str
    projections: str


@dataclass(frozen=True, slots=True)
class Command:
    """One POST of the data set."""

    service: str
    path: str
    body: dict[str, Any]
    key: str
    place: str

    def url(self, endpoints: Endpoints) -> str:
        base: str = getattr(endpoints, self.service)
        return base.rstrip("/") + self.path


@dataclass(slots=True)
class LoadReport:
    recorded: int = 0
    already: int = 0
    failures: list[str] = field(default_factory=list)
    last_position: int = 0
    start_position: int = 0
    """The store's position before loading: an answer at or below it is a replay of an earlier run."""
    phase_boundary: datetime | None = None
    """A `known_at` between the two phases: reports known then lack the late entries."""


class LoadError(CliError):
    """The demo data could not be recorded: told in one line like any other command failure."""


Progress = Callable[[str, int], None]
"""Called with a wave's description when it starts (advance 0) and with advance 1 per command."""


def waves(data: DataSet) -> list[tuple[str, list[Command]]]:
    """The data set as ordered waves of commands; the commands of one wave are independent."""

    def cmd(service: str, path: str, body: dict[str, Any], op: str, ident: str, place: str) -> Command:
        return Command(service=service, path=path, body=body, key=f"{VERSION}:{op}:{ident}", place=place)

    guides = [f for f in data.federations if f.guided_by is None]
    guided = [f for f in data.federations if f.guided_by is not None]
    first_phase = [a for a in data.activities if not a.late]
    late = [a for a in data.activities if a.late]
    return [
        ("federations", [cmd("orgs", "/federations", f.body(), "found", f.id, f.place) for f in guides]),
        ("guided", [cmd("orgs", "/federations", f.body(), "found", f.id, f.place) for f in guided]),
        (
            "micro_homes",
            [cmd("orgs", "/micro-homes", m.body(), "open", m.id, m.place) for m in data.micro_homes],
        ),
        (
            "records",
            [
                *(cmd("activities", "/care-activities", a.body(), "hold", a.id, a.place) for a in first_phase),
                *(
                    cmd(
                        "orgs",
                        f"/federations/{i.federation_id}/inspections",
                        i.body(),
                        "inspect",
                        f"{i.federation_id}:{i.inspected_on}",
                        i.place,
                    )
                    for i in data.inspections
                ),
                *(
                    cmd(
                        "orgs",
                        f"/{'federations' if r.target == 'federation' else 'micro-homes'}/{r.entity_id}/recognitions",
                        r.body(),
                        "recognise",
                        f"{r.entity_id}:{r.recognised_on}",
                        r.place,
                    )
                    for r in data.recognitions
                ),
                *(
                    cmd(
                        "orgs",
                        f"/federations/{d.federation_id}/dissolution",
                        d.body(),
                        "dissolve",
                        d.federation_id,
                        d.place,
                    )
                    for d in data.dissolutions
                ),
            ],
        ),
        ("members", [cmd("orgs", "/members", m.body(), "appoint", m.id, m.place) for m in data.members]),
        ("projects", [cmd("orgs", "/projects", p.body(), "pledge", p.id, p.place) for p in data.projects]),
        (
            "completions",
            [
                cmd(
                    "orgs",
                    f"/projects/{p.id}/completion",
                    {"completed_on": p.completed_on.isoformat(), "outcome": p.outcome},
                    "complete",
                    p.id,
                    p.place,
                )
                for p in data.projects
                if p.completed_on is not None
            ],
        ),
        (
            "late",
            [
                *(cmd("activities", "/care-activities", a.body(), "hold", a.id, a.place) for a in late),
                *(
                    cmd(
                        "activities",
                        f"/care-activities/{c.activity_id}/corrections",
                        c.body(),
                        "correct",
                        c.activity_id,
                        c.place,
                    )
                    for c in data.corrections
                ),
                *(
                    cmd(
                        "activities",
                        f"/care-activities/{r.activity_id}/retraction",
                        r.body(),
                        "retract",
                        r.activity_id,
                        r.place,
                    )
                    for r in data.retractions
                ),
            ],
        ),
    ]


async def load(
    data: DataSet,
    endpoints: Endpoints,
    token_for: Callable[[str], str],
    *,
    progress: Progress | None = None,
    concurrency: int = 8,
    pause: float = 1.5,
    attempts: int = 12,
) -> LoadReport:
    """Record the data set; `token_for(place)` gives the bearer token of that place's recorder."""
    report = LoadReport()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:
        semaphore = asyncio.Semaphore(concurrency)
        report.start_position = await _store_position(client, endpoints)

        async def send(command: Command) -> None:
            async with semaphore:
                await _send(client, endpoints, command, token_for(command.place), report, attempts)
            if progress is not None:
                progress("", 1)

        for name, commands in waves(data):
            if name == "late":
                await asyncio.sleep(pause)
                report.phase_boundary = datetime.now(UTC)
                await asyncio.sleep(pause)
            if progress is not None:
                progress(name, 0)
            await _gather([send(c) for c in commands])
    if report.failures:
        raise LoadError(f"{len(report.failures)} commands failed:\n  " + "\n  ".join(report.failures[:20]))
    return report


async def _gather(tasks: Sequence[Awaitable[None]]) -> None:
    await asyncio.gather(*tasks)


async def _send(
    client: httpx.AsyncClient, endpoints: Endpoints, command: Command, token: str, report: LoadReport, attempts: int
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": command.key}
    delay = 0.2
    last = ""
    for _ in range(attempts):
        try:
            response = await client.post(command.url(endpoints), json=command.body, headers=headers)
        except httpx.TransportError as error:
            last = f"{type(error).__name__}: {error}"
            await asyncio.sleep(delay)
            delay = min(delay * 2, 3.0)
            continue
        if response.status_code == 201:
            position = int(response.json().get("position", 0))
            if position <= report.start_position:
                report.already += 1
            else:
                report.recorded += 1
            report.last_position = max(report.last_position, position)
            return
        code = _error_code(response)
        if response.status_code == 409 and any(word in code for word in ALREADY_DONE_CODES):
            report.already += 1
            return
        retry = response.status_code in RETRYABLE_STATUS or (
            response.status_code in (404, 409, 422) and any(word in code for word in NOT_YET_CODES)
        )
        last = f"{response.status_code} {code}: {response.text[:300]}"
        if not retry:
            break
        await asyncio.sleep(delay)
        delay = min(delay * 2, 3.0)
    report.failures.append(f"POST {command.path} ({command.key}): {last}")


async def _store_position(client: httpx.AsyncClient, endpoints: Endpoints) -> int:
    try:
        response = await client.get(endpoints.orgs.rstrip("/") + "/health")
        return int(response.json().get("store_position", 0))
    except (httpx.HTTPError, ValueError, TypeError):
        return 0


def _error_code(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        return str(error.get("code", ""))
    except ValueError:
        return ""
