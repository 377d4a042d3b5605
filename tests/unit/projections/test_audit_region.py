"""The audit log's region filter: a region and what lies below it, never a sibling sharing its
prefix; the same answer whether it reads the region index (a rare region) or scans by position."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from niangjia_projections.models.audit import queries as audit
from niangjia_projections.models.common import Clocks

from tests.unit.projections.harness import REGION, TOWN, Recorded, at, founded, given, held, inspected

HISTORY = [
    Recorded(at("2024-01-02"), founded("town", region=TOWN)),
    Recorded(at("2024-01-02"), founded("village", region=TOWN + "/西村")),
    Recorded(at("2024-01-02"), founded("county", region=REGION)),
    Recorded(at("2024-01-02"), founded("sibling", region=REGION + "-东")),
    Recorded(at("2024-01-02"), founded("far", region="浙江省/温州市/乐清市")),
    Recorded(at("2024-01-03"), held("a1", "village", "2024-01-03", region=TOWN + "/西村")),
    Recorded(at("2024-01-04"), inspected("sibling", "2024-01-04", "active")),
    Recorded(at("2024-01-05"), inspected("village", "2024-01-05", "weak")),
]


@pytest.mark.parametrize("rare_below", [audit.RARE_REGION_ROWS, 0], ids=["region index", "position scan"])
def test_a_region_filter_keeps_the_region_and_below_it_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rare_below: int
) -> None:
    monkeypatch.setattr(audit, "RARE_REGION_ROWS", rare_below)
    models = given(tmp_path, HISTORY)
    with models.connect("audit") as conn:

        def entities(region: str, **kwargs: int) -> list[str]:
            return [i["entity_id"] for i in audit.page(conn, audit.AuditFilter(region=region), **kwargs)["items"]]

        assert entities(REGION) == ["town", "village", "county", "a1", "village"]
        assert entities(TOWN) == ["town", "village", "a1", "village"]
        assert entities(TOWN, after=2, limit=2) == ["a1", "village"]
        assert entities(REGION + "-东") == ["sibling", "sibling"]
        assert entities("浙江省") == ["far"]
        assert entities("上海市") == []
        exported = [r["entity_id"] for r in audit.rows(conn, audit.AuditFilter(region=TOWN), chunk=1)]
        assert exported == ["town", "village", "a1", "village"]


def test_a_rare_regions_page_on_the_clocks_and_other_filters_is_the_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    models = given(tmp_path, HISTORY)
    filters = [
        audit.AuditFilter(region=REGION, clocks=Clocks(known_at=at("2024-01-03"))),
        audit.AuditFilter(region=TOWN, clocks=Clocks(as_of=date(2024, 1, 4))),
        audit.AuditFilter(region=REGION, event_type="FederationInspected"),
        audit.AuditFilter(region=REGION, entity="village", clocks=Clocks(date(2024, 12, 31), at("2024-01-04"))),
        audit.AuditFilter(region="上海市", clocks=Clocks(known_at=at("2024-01-05"))),
    ]
    with models.connect("audit") as conn:

        def pages(rare_below: int) -> list[list[tuple[str, str]]]:
            monkeypatch.setattr(audit, "RARE_REGION_ROWS", rare_below)
            return [
                [(i["entity_id"], i["event_type"]) for i in audit.page(conn, where, limit=3)["items"]]
                for where in filters
            ]

        by_region, scanned = pages(audit.RARE_REGION_ROWS), pages(0)
    assert by_region == scanned, by_region
    assert all(by_region[:4]), by_region  # each filter keeps something
    assert by_region[0] == [
        ("town", "FederationFounded"),
        ("village", "FederationFounded"),
        ("county", "FederationFounded"),
    ]
    assert by_region[4] == []
