"""The audit log's region filter: a region and what lies below it, never a sibling sharing its
prefix; the same answer whether it reads the region index (a rare region) or scans by position."""

from __future__ import annotations

from pathlib import Path

import pytest
from niangjia_projections.models.audit import queries as audit

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
