"""The dormant counted from the stretches of quiet: for random valid histories (activities held,
moved to another day or organiser, retracted; inspections finding organisations active or dormant,
two on one day; dissolutions and closures), the counts by status on today's knowledge equal the
scan of the organisations one by one, at random dates, periods and regions; and a rebuild keeps
the stretches the live run keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_contracts import DomainEvent, MicroHomeClosed
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations import known_then, quieted
from niangjia_projections.models.organisations.counts import count
from niangjia_projections.models.organisations.dormant import dormant_organisations

from tests.unit.projections import harness
from tests.unit.projections.harness import (
    REGION,
    Recorded,
    corrected,
    dissolved,
    founded,
    held,
    inspected,
    opened,
    retracted,
)
from tests.unit.projections.test_rebuild_aggregates import dumps

REGIONS = (REGION + "/湖塘镇", REGION + "/牛塘镇", "浙江省/温州市/乐清市", "浙江省/杭州市")
SCOPES = (None, "江苏省", "浙江省", "广东省", REGION)
DAYS = [date(2023, 1, 1) + timedelta(days=n) for n in range(0, 720, 9)]
START = datetime(2023, 1, 1, tzinfo=UTC)


@st.composite
def histories(draw: st.DrawFn) -> list[Recorded]:
    """What the deciders let through: follow-ups of standing organisations dated on or after their
    start; activities held by them on or after it."""
    moment = START
    started: dict[str, tuple[str, date]] = {}  # standing organisations: type and start
    activities: list[str] = []
    history: list[Recorded] = []
    for n in range(draw(st.integers(3, 45))):
        moment += timedelta(minutes=draw(st.sampled_from([0, 1, 60 * 5, 60 * 24 * 20])))
        choice = draw(
            st.sampled_from(["found", "open", "end", "inspect", "inspect", "hold", "hold", "hold", "move", "retract"])
        )
        event: DomainEvent
        federations = [org for org, (kind, _) in started.items() if kind == "federation"]
        if choice == "found" or not federations:
            day = draw(st.sampled_from(DAYS))
            event = founded(f"f{n}", on=day.isoformat(), region=draw(st.sampled_from(REGIONS)))
            started[f"f{n}"] = ("federation", day)
        elif choice == "open":
            day = draw(st.sampled_from(DAYS))
            event = opened(
                f"m{n}", draw(st.sampled_from(federations)), on=day.isoformat(), region=draw(st.sampled_from(REGIONS))
            )
            started[f"m{n}"] = ("micro_home", day)
        else:
            org = draw(st.sampled_from(sorted(started)))
            kind, since = started[org]
            on = draw(st.sampled_from([d for d in DAYS if d >= since] or [since])).isoformat()
            if choice == "end":
                del started[org]
                if kind == "federation":
                    event = dissolved(org, on)
                else:
                    event = MicroHomeClosed.model_validate({"micro_home_id": org, "closed_on": on, "reason": "moved"})
            elif choice == "inspect" and kind == "federation":
                event = inspected(org, on, draw(st.sampled_from(["active", "dormant", "dormant"])))
            elif choice == "move" and activities:
                event = corrected(
                    draw(st.sampled_from(activities)), org, on, kind=kind, fields=("held_on", "organiser_id")
                )
            elif choice == "retract" and activities:
                event = retracted(draw(st.sampled_from(activities)))
            else:
                event = held(f"a{n}", org, on, kind=kind)
                activities.append(f"a{n}")
        history.append(Recorded(moment, event))
    return history


def recorded_after_their_dates(history: list[Recorded]) -> list[Recorded]:
    """The history with each event recorded no earlier than the evening of its date in China (and
    in the same order), as the deciders let through: a report known at a time then stands on that
    time's day at the latest (`known_then`)."""
    moment, kept = START, []
    for recorded in history:
        dated = datetime.combine(harness.business_date(recorded.event), datetime.min.time(), tzinfo=UTC)
        moment = max(moment, recorded.moment, dated + timedelta(hours=12))
        kept.append(Recorded(moment, recorded.event))
    return kept


@settings(max_examples=80, deadline=None)
@given(
    history=histories(),
    batch=st.integers(1, 7),
    few=st.sampled_from([0, 3, 5000]),
    by_organiser=st.sampled_from([0, 2000]),
    in_order=st.booleans(),
    data=st.data(),
)
def test_the_counts_by_status_and_the_dormant_from_the_stretches_equal_the_scan(
    history: list[Recorded], batch: int, few: int, by_organiser: int, in_order: bool, data: st.DataObject
) -> None:
    """On today's knowledge and known at a time; with facts dated after the day they were recorded,
    and without."""
    if in_order:
        history = recorded_after_their_dates(history)
    moments = [recorded.moment for recorded in history]
    kept, quieted.FEW = quieted.FEW, few  # either way to a page: the dormant first, or each organisation asked
    # either way to a region's changed organisations: by organiser, or the country's by month
    kept_few, known_then.FEW_ORGANISATIONS = known_then.FEW_ORGANISATIONS, by_organiser
    try:
        with harness.connected(history, "organisations", "activities", batch_size=batch) as conn:
            for _ in range(8):
                as_of = data.draw(st.one_of(st.none(), st.sampled_from(DAYS)))
                day = as_of or date(2025, 6, 1)
                since = data.draw(
                    st.sampled_from([day - timedelta(days=365), day - timedelta(days=120), day - timedelta(days=30)])
                    | st.sampled_from(DAYS)
                )
                known_at = data.draw(
                    st.one_of(
                        st.none(),
                        st.sampled_from(moments),
                        st.builds(
                            lambda m, s: m + timedelta(seconds=s),
                            st.sampled_from(moments),
                            st.integers(-90_000, 90_000),
                        ),
                    )
                )
                clocks = Clocks(as_of=as_of, known_at=known_at)
                region = data.draw(st.sampled_from(SCOPES))
                asked: dict[str, Any] = {
                    "region": region,
                    "groups": {},
                    "since": since,
                    "dimensions": ("status", "domain"),
                }
                scanned = count(conn, clocks, **asked, from_tallies=False)
                assert count(conn, clocks, **asked) == scanned, (clocks, since, region)
                after, limit = data.draw(st.sampled_from([0, 0, 5, 20])), data.draw(st.sampled_from([1, 3, 1000]))
                listed = dormant_organisations(conn, clocks, since, region, after=after, limit=limit)
                expected = dormant_organisations(
                    conn, clocks, since, region, after=after, limit=limit, from_stretches=False
                )
                assert listed == expected, (clocks, since, region, after, limit)
    finally:
        quieted.FEW = kept
        known_then.FEW_ORGANISATIONS = kept_few


@settings(max_examples=30, deadline=None)
@given(history=histories(), batch=st.integers(1, 7), rebuild_batch=st.integers(1, 50))
def test_a_rebuild_gives_the_stretches_the_live_run_keeps(
    history: list[Recorded], batch: int, rebuild_batch: int
) -> None:
    rebuilt, live = dumps(history, batch, rebuild_batch, ("activities", "organisations"))
    assert rebuilt == live


def test_an_organisation_quiet_for_the_period_is_dormant_and_one_found_dormant_since_it_began_too(
    tmp_path: Path,
) -> None:
    history = [
        Recorded(START, founded("f1", on="2023-01-10")),
        Recorded(START, founded("f2", on="2023-01-10")),
        Recorded(START, founded("f3", on="2023-01-10")),
        Recorded(START, held("a1", "f2", "2024-05-01")),
        Recorded(START, inspected("f3", "2024-04-01", "dormant")),
    ]
    models = harness.given(tmp_path, history)
    with models.connect("organisations", "activities") as conn:
        counted = count(
            conn, Clocks(date(2024, 6, 30)), region=None, groups={}, since=date(2024, 1, 1), dimensions=("status",)
        )
        assert counted["federations"]["by_status"] == {"dormant": 2, "open": 1}  # f1 quiet, f3 found
        gaps = conn.execute("SELECT org_id, a, b FROM quiet_gap ORDER BY org_id, a").fetchall()
        assert gaps == [
            ("f1", "2023-01-10", "9999-12-31"),
            ("f2", "2023-01-10", "2024-05-01"),
            ("f2", "2024-05-01", "9999-12-31"),
            ("f3", "2023-01-10", "2024-04-01"),
            ("f3", "2024-04-01", "9999-12-31"),
        ]


def test_of_two_inspections_on_one_day_the_later_recorded_decides(tmp_path: Path) -> None:
    later = START + timedelta(hours=1)
    history = [
        Recorded(START, founded("f1", on="2024-01-10")),
        Recorded(START, founded("f2", on="2024-01-10")),
        Recorded(START, inspected("f1", "2024-04-01", "dormant")),
        Recorded(later, inspected("f1", "2024-04-01", "active")),
        Recorded(START, inspected("f2", "2024-04-01", "active")),
        Recorded(later, inspected("f2", "2024-04-01", "dormant")),
    ]
    models = harness.given(tmp_path, history)
    with models.connect("organisations", "activities") as conn:
        asked: dict[str, Any] = {"region": None, "groups": {}, "since": date(2024, 1, 1), "dimensions": ("status",)}
        on = Clocks(date(2024, 6, 30))
        assert count(conn, on, **asked)["federations"]["by_status"] == {"dormant": 1, "open": 1}
        assert conn.execute("SELECT org_id FROM quiet_finding").fetchall() == [("f2",)]
