"""The chambers and the elections on random histories equal what the facts themselves say: given
foundings (chambers or not, in and outside the region, recorded late or not) and dissolutions,
then every scope, both clocks and any limit answer as a reading of the facts one by one would."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_contracts import ChamberOrigin, FederationFounded
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations import milestones

from tests.unit.projections import harness
from tests.unit.projections.harness import Recorded

PLACES = ("江苏省/常州市/武进区", "江苏省/常州市/武进区/湖塘镇", "江苏省/南京市/玄武区", "浙江省/温州市/乐清市")
SCOPES = (None, "江苏省", "江苏省/常州市/武进区", "浙江省/温州市/乐清市")
FIRST_DAY = date(2022, 1, 1)


@dataclass(frozen=True)
class Fact:
    """One federation as the test draws it: what the report reads, and when each fact was known."""

    fid: str
    chamber: bool
    origin: str | None
    region: str
    founded_on: date
    known: datetime
    elected_on: date | None
    dissolved: tuple[date, datetime] | None


@st.composite
def facts(draw: st.DrawFn) -> list[Fact]:
    out = []
    for n in range(draw(st.integers(0, 14))):
        founded_on = FIRST_DAY + timedelta(days=draw(st.integers(0, 700)))
        known = datetime.combine(founded_on, datetime.min.time(), UTC) + timedelta(days=draw(st.integers(1, 300)))
        chamber = draw(st.booleans())
        elected = draw(st.none() | st.integers(0, 200))
        ended = draw(st.none() | st.tuples(st.integers(0, 400), st.integers(1, 200)))
        out.append(
            Fact(
                fid=f"f{n}",
                chamber=chamber,
                origin=draw(st.none() | st.sampled_from([o.value for o in ChamberOrigin])) if chamber else None,
                region=draw(st.sampled_from(PLACES)),
                founded_on=founded_on,
                known=known,
                elected_on=None if elected is None else founded_on + timedelta(days=elected),
                dissolved=None
                if ended is None
                else (founded_on + timedelta(days=ended[0]), known + timedelta(days=ended[1])),
            )
        )
    return out


def history_of(drawn: list[Fact]) -> list[Recorded]:
    """The foundings and dissolutions in the order they were recorded."""
    history = []
    for f in drawn:
        more: dict[str, str] = {"leadership_elected_on": f.elected_on.isoformat()} if f.elected_on else {}
        if f.origin is not None:
            more["chamber_origin"] = f.origin
        domain = "chamber_of_commerce" if f.chamber else "non_public_enterprise"
        founding = harness.founded(f.fid, domain=domain, on=f.founded_on.isoformat(), region=f.region)
        founding = FederationFounded.model_validate({**founding.model_dump(mode="json"), **more})
        history.append(Recorded(f.known, founding))
        if f.dissolved is not None:
            history.append(Recorded(f.dissolved[1], harness.dissolved(f.fid, f.dissolved[0].isoformat())))
    return sorted(history, key=lambda r: r.moment)


def _inside(region: str, scope: str | None) -> bool:
    return scope is None or region == scope or region.startswith(scope + "/")


def _known(f: Fact, when: Clocks) -> bool:
    return when.known_at is None or f.known <= when.known_at


def _day(when: Clocks) -> date:
    return when.as_of or date(2999, 12, 31)


def expected_chambers(drawn: list[Fact], when: Clocks, scope: str | None, limit: int) -> tuple[Counter[str], list[str]]:
    def standing(f: Fact) -> bool:
        ended = f.dissolved is not None and f.dissolved[0] <= _day(when) and _known_dissolution(f, when)
        return f.chamber and _known(f, when) and _inside(f.region, scope) and f.founded_on <= _day(when) and not ended

    chambers = [f for f in drawn if standing(f)]
    by_origin = Counter(f.origin or milestones.NOT_RECORDED for f in chambers)
    order = sorted(chambers, key=lambda f: (f.founded_on, f.known))  # recorded first, first in the store
    return by_origin, [f.fid for f in order[:limit]]


def _known_dissolution(f: Fact, when: Clocks) -> bool:
    return f.dissolved is not None and (when.known_at is None or f.dissolved[1] <= when.known_at)


def expected_elections(
    drawn: list[Fact], when: Clocks, scope: str | None, window: tuple[date, date], limit: int
) -> tuple[Counter[str], list[str]]:
    last = min(window[1], _day(when))
    elected = [
        f
        for f in drawn
        if f.elected_on is not None
        and window[0] <= f.elected_on <= last
        and _known(f, when)
        and _inside(f.region, scope)
    ]
    by_month = Counter(f.elected_on.isoformat()[:7] for f in elected if f.elected_on is not None)
    order = sorted(elected, key=lambda f: (f.elected_on, f.founded_on, f.known))
    return by_month, [f.fid for f in order[:limit]]


def clocks(data: st.DataObject) -> Clocks:
    as_of = data.draw(st.none() | st.dates(FIRST_DAY, date(2024, 12, 31)))
    known = data.draw(st.none() | st.integers(0, 1200))
    known_at = None if known is None else datetime(2022, 1, 1, tzinfo=UTC) + timedelta(days=known, hours=12)
    return Clocks(as_of=as_of, known_at=known_at)


@settings(max_examples=40, deadline=None)
@given(drawn=facts(), data=st.data())
def test_chambers_and_elections_equal_the_facts_read_one_by_one(drawn: list[Fact], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as directory:
        models = harness.given(Path(directory), history_of(drawn))
        with models.connect("organisations") as conn:
            for _ in range(6):
                when, scope, limit = clocks(data), data.draw(st.sampled_from(SCOPES)), data.draw(st.integers(0, 5))
                by_origin, first = expected_chambers(drawn, when, scope, limit)
                report = milestones.chambers(conn, when, scope, limit=limit)
                assert {k: v for k, v in report["by_origin"].items() if v} == dict(by_origin)
                assert report["total"] == by_origin.total()
                assert [item["federation_id"] for item in report["items"]] == first

                start = data.draw(st.dates(FIRST_DAY, date(2024, 6, 30)))
                window = (start, start + timedelta(days=data.draw(st.integers(0, 400))))
                by_month, first = expected_elections(drawn, when, scope, window, limit)
                below = data.draw(st.sampled_from((0, 3, milestones.ELECTED_BY_REGION_BELOW)))  # by region or not
                report = milestones.elections(conn, when, scope, *window, limit=limit, by_region_below=below)
                assert report["by_month"] == dict(sorted(by_month.items()))
                assert report["total"] == by_month.total() == sum(report["by_domain"].values())
                assert [item["federation_id"] for item in report["items"]] == first
