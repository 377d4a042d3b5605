"""For random histories (late entries, corrections that move an activity's date, region or
organiser, retractions, dissolutions, micro-homes as organisers), the campaign reports read from the
aggregates equal the scan of the facts, at random `as_of`, `known_at` and region."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_contracts import CareActivityCorrected, CareActivityHeld, CareActivityRetracted, DomainEvent
from niangjia_projections.models.activities.campaign_scan import ScanRows
from niangjia_projections.models.activities.campaigns import AggregateRows, quarter_report, year_report
from niangjia_projections.models.common import Clocks, within
from niangjia_projections.models.organisations import dormancy

from tests.unit.projections import harness
from tests.unit.projections.harness import REGION, Recorded, corrected, dissolved, founded, held, opened, retracted

REGIONS = (REGION + "/湖塘镇", REGION + "/牛塘镇", REGION, "浙江省/温州市/乐清市")
SCOPES = (None, "江苏省", REGION, REGION + "/湖塘镇", "浙江省/温州市/乐清市", "浙江省/杭州市")
DAYS = [f"{y}-{m:02d}-{d:02d}" for y in (2023, 2024) for m in range(1, 13) for d in (1, 14, 28)]
MONTH_ENDS = [date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1) for y in (2023, 2024) for m in range(1, 13)]
"""A quarter's last day, a year's: a report on it reads its month's sums whole."""
START = datetime(2023, 1, 1, tzinfo=UTC)


@st.composite
def histories(draw: st.DrawFn) -> list[Recorded]:
    """A valid history: ids refer to things founded before, nothing ends twice; events recorded
    hours or weeks apart, several on one day, activities entered late."""
    moment = START
    federations: list[str] = []
    homes: list[tuple[str, str]] = []
    standing: set[str] = set()
    activities: dict[str, tuple[str, str]] = {}
    history: list[Recorded] = []
    for n in range(draw(st.integers(3, 40))):
        moment += timedelta(minutes=draw(st.sampled_from([0, 1, 30, 60 * 5, 60 * 30, 60 * 24 * 20])))
        choice = draw(st.sampled_from(["found", "dissolve", "open", "hold", "hold", "hold", "correct", "retract"]))
        day = draw(st.sampled_from(DAYS))
        event: DomainEvent
        if choice == "found" or not federations:
            fid = f"f{n}"
            event = founded(fid, on=day, region=draw(st.sampled_from(REGIONS)))
            federations.append(fid)
            standing.add(fid)
        elif choice == "dissolve" and standing:
            fid = draw(st.sampled_from(sorted(standing)))
            standing.discard(fid)
            event = dissolved(fid, day)
        elif choice == "open":
            host = draw(st.sampled_from(federations))
            event = opened(f"m{n}", host, on=day, region=draw(st.sampled_from(REGIONS)))
            homes.append((f"m{n}", "micro_home"))
        elif choice == "retract" and activities:
            event = retracted(draw(st.sampled_from(sorted(activities))))
        else:
            organiser, kind = draw(st.sampled_from([(f, "federation") for f in federations] + homes))
            facts = {
                "people": draw(st.integers(0, 500)),
                "volunteers": draw(st.integers(0, 9)),
                "goods": f"{draw(st.integers(0, 10**5))}.25",
                "campaign": draw(st.booleans()),
                "kind": kind,
                "region": draw(st.sampled_from(REGIONS)),
            }
            if choice == "correct" and activities:
                aid = draw(st.sampled_from(sorted(activities)))
                event = corrected(aid, organiser, day, **facts)  # type: ignore[arg-type]
            else:
                aid = f"a{n}"
                event = held(aid, organiser, day, **facts)  # type: ignore[arg-type]
            activities[aid] = (organiser, day)
        history.append(Recorded(moment, event))
    return history


@st.composite
def clocks_of(draw: st.DrawFn, history: list[Recorded]) -> Clocks:
    """Random clocks over `history`: either may be absent; `known_at` at, or near, its moments."""
    as_of = draw(st.one_of(st.none(), st.sampled_from([date.fromisoformat(d) for d in DAYS] + MONTH_ENDS)))
    moments = [r.moment for r in history]
    known_at = draw(
        st.one_of(
            st.none(),
            st.sampled_from(moments),
            st.builds(lambda m, s: m + timedelta(seconds=s), st.sampled_from(moments), st.integers(-90_000, 90_000)),
        )
    )
    return Clocks(as_of=as_of, known_at=known_at)


@settings(max_examples=60, deadline=None)
@given(history=histories(), data=st.data(), batch=st.integers(1, 7))
def test_campaign_reports_from_the_aggregates_equal_the_scan_of_the_facts(
    history: list[Recorded], data: st.DataObject, batch: int
) -> None:
    with harness.connected(history, "activities", "organisations", batch_size=batch) as conn:
        for _ in range(6):
            clocks = data.draw(clocks_of(history))
            region = data.draw(st.sampled_from(SCOPES))
            year = data.draw(st.sampled_from([2023, 2024]))
            scanned = year_report(conn, clocks, year, region, ScanRows(conn, clocks, region))
            aggregated = year_report(conn, clocks, year, region, AggregateRows(conn, clocks, region))
            assert aggregated == scanned, (clocks, region, year)
            quarter = data.draw(st.integers(1, 4))
            assert quarter_report(conn, clocks, year, quarter, region) == quarter_report(
                conn, clocks, year, quarter, region, ScanRows(conn, clocks, region)
            )


def _last_activities_by_hand(history: list[Recorded], clocks: Clocks) -> dict[str, str]:
    """Each organiser's latest activity on the clocks, from the history itself: of every activity,
    its latest event recorded by `known_at` decides (a retraction takes it away)."""
    latest: dict[str, CareActivityHeld | CareActivityCorrected | None] = {}
    for recorded in history:
        if clocks.known_at is not None and recorded.moment > clocks.known_at:
            continue
        event = recorded.event
        if isinstance(event, CareActivityHeld | CareActivityCorrected):
            latest[event.activity_id] = event
        elif isinstance(event, CareActivityRetracted):
            latest[event.activity_id] = None
    last: dict[str, str] = {}
    for activity in latest.values():
        if activity is None or (clocks.as_of is not None and activity.held_on > clocks.as_of):
            continue
        held_on = activity.held_on.isoformat()
        last[activity.organiser_id] = max(held_on, last.get(activity.organiser_id, held_on))
    return last


def _last_activities(conn: sqlite3.Connection, clocks: Clocks, region: str | None = None) -> dict[str, str]:
    """The `dormancy.last_activity` column of each organisation of `region` that held one."""
    where, params = within("o.region", region)
    sql = f"SELECT o.org_id, {dormancy.last_activity(clocks)} FROM org o WHERE {where}"  # noqa: S608 - constant SQL
    rows = conn.execute(sql, {"day": clocks.day, "known": clocks.known_us, **params})
    return {org_id: day for org_id, day in rows if day is not None}


@settings(max_examples=40, deadline=None)
@given(history=histories(), data=st.data())
def test_each_organisations_last_activity_is_the_historys_on_both_clocks(
    history: list[Recorded], data: st.DataObject
) -> None:
    with harness.connected(history, "organisations", "activities") as conn:
        for _ in range(4):
            clocks = data.draw(clocks_of(history))
            expected = _last_activities_by_hand(history, clocks)
            assert _last_activities(conn, clocks) == expected, clocks
            region = data.draw(st.sampled_from(SCOPES[1:]))
            where, params = within("region", region)
            inside = {row[0] for row in conn.execute(f"SELECT org_id FROM org WHERE {where}", params)}  # noqa: S608
            restricted = {org: day for org, day in expected.items() if org in inside}
            assert _last_activities(conn, clocks, region) == restricted, (clocks, region)
