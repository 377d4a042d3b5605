"""For random histories (late entries, dissolutions, micro-homes), each point of the quarters'
series is what the counts answer as of its day, on both clocks and in every region; read from the
tallies, the series is the one read from the organisations."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations.counts import count
from niangjia_projections.models.organisations.quarters import quarter_counts, quarter_ends

from tests.unit.projections import harness
from tests.unit.projections.harness import Recorded
from tests.unit.projections.test_campaign_aggregates import SCOPES, clocks_of, histories


def test_the_quarters_end_at_each_quarters_last_day_and_at_the_reports_date() -> None:
    assert quarter_ends(2023, date(2024, 5, 2)) == [
        (2023, 1, "2023-03-31"),
        (2023, 2, "2023-06-30"),
        (2023, 3, "2023-09-30"),
        (2023, 4, "2023-12-31"),
        (2024, 1, "2024-03-31"),
        (2024, 2, "2024-05-02"),
    ]
    assert quarter_ends(2024, date(2024, 12, 31))[-1] == (2024, 4, "2024-12-31")
    assert quarter_ends(2024, date(2024, 1, 1)) == [(2024, 1, "2024-01-01")]


@settings(max_examples=40, deadline=None)
@given(history=histories(), data=st.data())
def test_each_point_is_the_counts_as_of_its_day(history: list[Recorded], data: st.DataObject) -> None:
    with harness.connected(history, "organisations", "activities") as conn:
        for _ in range(3):
            known_at = data.draw(clocks_of(history)).known_at
            region = data.draw(st.sampled_from(SCOPES))
            until = data.draw(st.dates(date(2022, 6, 1), date(2025, 3, 1)))
            since = data.draw(st.sampled_from([None, 2022]))
            series = quarter_counts(conn, Clocks(until, known_at), region, until, since)
            scanned = quarter_counts(conn, Clocks(until, known_at), region, until, since, from_tallies=False)
            assert series == scanned, (until, known_at, region)
            assert series["as_of"] == until.isoformat()
            for point in series["quarters"]:
                clocks = Clocks(date.fromisoformat(point["day"]), known_at)
                counted = count(
                    conn,
                    clocks,
                    region=region,
                    groups={},
                    since=date(2020, 1, 1),
                    dimensions=(),
                    from_tallies=False,
                )
                assert point["ever_founded"] == counted["ever_founded"], (point, clocks, region)
                assert point["ended"] == counted["ended"], (point, clocks, region)
                standing = {
                    "federations": counted["federations"]["total"],
                    "micro_homes": counted["micro_homes"]["total"],
                }
                assert point["standing"] == standing, (point, clocks, region)
