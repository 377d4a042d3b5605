"""The projection tests' harness: given events (with the time the system learnt each), the read
models the live runner makes of them (`given`), to query as the service does (`ReadModels.connect`)."""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypedDict, Unpack

from niangjia_contracts import (
    CareActivityCorrected,
    CareActivityHeld,
    CareActivityRetracted,
    DomainEvent,
    FederationDissolved,
    FederationFounded,
    FederationInspected,
    MicroHomeOpened,
)
from niangjia_eventstore import EventStore, NewEvent, StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.projection import ModelFiles, ProjectionRunner
from niangjia_projections.models import all_projections, contracts_decoder
from niangjia_projections.models.common import ReadModels

from tests.support.events import recorded_as_services_do

REGION = "江苏省/常州市/武进区"
TOWN = REGION + "/湖塘镇"


def at(text: str) -> datetime:
    """'2024-05-02' or '2024-05-02T10:00' as a UTC moment."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class Recorded:
    moment: datetime
    event: DomainEvent
    actor: str = "recorder-1"


def business_date(event: DomainEvent) -> date:
    """The event's business date as the services put it in the envelope: its first `*_on` date."""
    for name in type(event).model_fields:
        value = getattr(event, name)
        if name.endswith("_on") and isinstance(value, date):
            return value
    return date(2024, 1, 1)


def new_event(event: DomainEvent, actor: str = "recorder-1", occurred_on: date | None = None) -> NewEvent:
    return recorded_as_services_do(event, actor, occurred_on or business_date(event))


async def append_all(store: EventStore, history: Sequence[Recorded], clock: list[datetime]) -> None:
    for item in history:
        clock[0] = item.moment
        await store.append(item.event.stream_id, [new_event(item.event, item.actor)], StreamState.ANY)


def record_sqlite(path: Path, history: Sequence[Recorded], actor: str = "alice") -> None:
    """Append `history` to the SQLite store at `path`, each event stamped with the moment it was recorded."""
    clock = [datetime(2024, 1, 1, tzinfo=UTC)]
    store = SQLiteEventStore(path, clock=lambda: clock[0])
    try:
        for item in history:
            clock[0] = item.moment
            store.append_sync(item.event.stream_id, [new_event(item.event, actor)], StreamState.ANY)
    finally:
        store.close_sync()


def set_back(history: Sequence[Recorded], back: Sequence[bool]) -> list[Recorded]:
    """`history` with the events `back` marks recorded two days before the one ahead of them (a
    clock set back)."""
    return [replace(r, moment=r.moment - timedelta(days=2)) if b else r for r, b in zip(history, back, strict=False)]


def given(directory: Path, history: Sequence[Recorded], batch_size: int = 3) -> ReadModels:
    """Append `history` to an in-memory store, run every projection over it, return the read models."""

    async def go() -> None:
        clock = [datetime(2024, 1, 1, tzinfo=UTC)]
        store = InMemoryEventStore(clock=lambda: clock[0])
        await append_all(store, history, clock)
        runner = ProjectionRunner(
            store, ModelFiles(directory), all_projections(), contracts_decoder(), batch_size=batch_size
        )
        runner.open()
        try:
            await runner.catch_up()
            failures = [s for s in runner.status() if s["failure"]]
            assert not failures, failures
        finally:
            runner.close()

    asyncio.run(go())
    return ReadModels(ModelFiles(directory))


@contextmanager
def connected(
    history: Sequence[Recorded], main: str, *attached: str, batch_size: int = 3
) -> Iterator[sqlite3.Connection]:
    """The read models of `history` (`given`) in a temporary folder, connected as `ReadModels.connect`."""
    with tempfile.TemporaryDirectory() as name, given(Path(name), history, batch_size).connect(main, *attached) as conn:
        yield conn


def dump(files: ModelFiles, names: Sequence[str] = ("organisations", "activities", "audit")) -> dict[str, Any]:
    """Every row of every table of the models, sorted: what 'the same read models' means."""
    out: dict[str, Any] = {}
    for name in names:
        path = files.current(name)
        assert path is not None, name
        conn = sqlite3.connect(path)
        try:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]  # SQLite's own (the statistics a rebuild gathers) are not the model's rows
            for table in tables:
                out[f"{name}.{table}"] = sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)  # noqa: S608
        finally:
            conn.close()
    return out


# -- event factories -----------------------------------------------------------------------------


def founded(
    fid: str,
    *,
    domain: str = "non_public_enterprise",
    on: str = "2024-01-10",
    region: str = TOWN,
    guided_by: str | None = None,
    kind: str = "federation",
    level: str = "village",
    executives: int = 5,
    covered: int = 1,
    **more: str,
) -> FederationFounded:
    """A founding with the tests' defaults; `more`: other facts as the API takes them
    (`chamber_origin="outbound"`, `leadership_elected_on="2024-11-08"`)."""
    return FederationFounded.model_validate(
        {
            "federation_id": fid,
            "name": f"federation {fid}",
            "kind": kind,
            "domain": domain,
            "level": level,
            "region": region,
            "host_organisation": f"host {fid}",
            "guided_by": guided_by,
            "founded_on": on,
            "women_members": 20,
            "executive_members": executives,
            "organisations_covered": covered,
            **more,
        }
    )


def inspected(fid: str, on: str, finding: str) -> FederationInspected:
    return FederationInspected.model_validate({"federation_id": fid, "inspected_on": on, "finding": finding})


def dissolved(fid: str, on: str) -> FederationDissolved:
    return FederationDissolved.model_validate({"federation_id": fid, "dissolved_on": on, "reason": "merged"})


def opened(mid: str, host: str, *, on: str = "2024-02-01", region: str = TOWN) -> MicroHomeOpened:
    return MicroHomeOpened.model_validate(
        {
            "micro_home_id": mid,
            "name": f"micro-home {mid}",
            "setting": "merchant",
            "region": region,
            "host_federation_id": host,
            "opened_on": on,
            "members": 8,
        }
    )


class Facts(TypedDict, total=False):
    """The facts of an activity a test may set; the others take the defaults of `_facts`."""

    people: int
    volunteers: int
    goods: str
    campaign: bool
    kind: str
    region: str


def _facts(aid: str, organiser: str, on: str, facts: Facts) -> dict[str, Any]:
    from niangjia_contracts import Campaign

    day = date.fromisoformat(on)
    return {
        "activity_id": aid,
        "organiser_id": organiser,
        "organiser_kind": facts.get("kind", "federation"),
        "region": facts.get("region", TOWN),
        "held_on": on,
        "title": f"activity {aid}",
        "campaign": Campaign.of_date(day).value if facts.get("campaign", True) else None,
        "people_served": facts.get("people", 10),
        "volunteers": facts.get("volunteers", 2),
        "goods_value_yuan": str(Decimal(facts.get("goods", "100.00"))),
    }


def held(aid: str, organiser: str, on: str, **facts: Unpack[Facts]) -> CareActivityHeld:
    return CareActivityHeld.model_validate(_facts(aid, organiser, on, facts))


def corrected(
    aid: str, organiser: str, on: str, *, fields: tuple[str, ...] = ("people_served",), **facts: Unpack[Facts]
) -> CareActivityCorrected:
    values = _facts(aid, organiser, on, facts)
    return CareActivityCorrected.model_validate({**values, "corrected_fields": fields, "reason": "typo"})


def retracted(aid: str) -> CareActivityRetracted:
    return CareActivityRetracted.model_validate({"activity_id": aid, "reason": "recorded twice"})
