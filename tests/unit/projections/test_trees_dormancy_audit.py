"""The "1+N" tree, dormancy and the audit log: given events -> then read models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from niangjia_projections.models.audit import queries as audit
from niangjia_projections.models.common import Clocks
from niangjia_projections.models.organisations.dormant import dormant_organisations
from niangjia_projections.models.organisations.guided import guided_tree

from tests.unit.projections.harness import (
    REGION,
    TOWN,
    Recorded,
    at,
    dissolved,
    founded,
    given,
    held,
    inspected,
    opened,
    retracted,
)


def test_guided_tree_counts_direct_and_all_descendants(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-02"), founded("zone", domain="industrial_park", level="town")),
        Recorded(at("2024-01-03"), founded("park2", domain="industrial_park", guided_by="zone")),
        *[Recorded(at("2024-01-04"), founded(f"e{i}", guided_by="zone")) for i in range(3)],
        Recorded(at("2024-01-05"), founded("e9", guided_by="park2")),
        Recorded(at("2024-01-06"), opened("m1", "e9")),
        Recorded(at("2024-01-06"), opened("m2", "zone")),
        Recorded(at("2024-06-06"), founded("late", guided_by="zone", on="2024-01-05")),
        Recorded(at("2024-02-06"), dissolved("e0", "2024-02-05")),
    ]
    models = given(tmp_path, history)
    since = date(2024, 1, 1)
    with models.connect("organisations", "activities") as conn:
        tree = guided_tree(conn, "zone", Clocks(), since=since)
        before = guided_tree(conn, "zone", Clocks(known_at=at("2024-03-01")), since=since)
        missing = guided_tree(conn, "nobody", Clocks(), since=since)
    assert tree is not None and before is not None and missing is None
    assert tree["direct"]["federations"] == 5
    assert tree["direct"]["micro_homes"] == 1
    assert tree["direct"]["by_domain"] == {"industrial_park": 1, "non_public_enterprise": 4}
    assert tree["all"]["federations"] == 6
    assert tree["all"]["micro_homes"] == 2
    assert tree["all"]["by_status"] == {"dissolved": 1, "open": 7}
    assert before["direct"]["federations"] == 4
    park2 = next(c for c in tree["children"] if c["id"] == "park2")
    assert park2["all"] == {"federations": 1, "micro_homes": 1, "by_status": {"open": 2}}

    with models.connect("organisations", "activities") as conn:
        shallow = guided_tree(conn, "zone", Clocks(), since=since, depth=1)
        root_only = guided_tree(conn, "zone", Clocks(), since=since, depth=0)
    assert shallow is not None and root_only is not None
    assert not tree["more"] and not park2["more"]  # every level listed
    listed = {c["id"]: c for c in shallow["children"]}
    assert listed.keys() == {c["id"] for c in tree["children"]} and not shallow["more"]
    assert listed["park2"]["children"] == [] and listed["park2"]["more"]  # e9 and its home left out
    assert listed["park2"]["all"] == park2["all"] and not listed["e1"]["more"]  # nothing below e1
    assert root_only["children"] == [] and root_only["more"]
    assert (root_only["direct"], root_only["all"]) == (tree["direct"], tree["all"])  # counts over all


def test_dormancy_by_silence_and_by_finding_with_the_reason_on_each_row(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-02"), founded("quiet")),
        Recorded(at("2024-01-02"), founded("active")),
        Recorded(at("2024-01-02"), founded("inspected")),
        Recorded(at("2024-01-02"), founded("gone")),
        Recorded(at("2024-01-02"), founded("retracted-only")),
        Recorded(at("2024-01-02"), founded("found-dormant")),
        Recorded(at("2024-01-02"), founded("woke-up")),
        Recorded(at("2024-01-02"), founded("new", on="2024-07-01")),
        Recorded(at("2024-01-03"), opened("home", "active", on="2024-01-02")),
        Recorded(at("2024-02-02"), held("a1", "quiet", "2024-02-01")),
        Recorded(at("2024-07-02"), held("a2", "active", "2024-07-01")),
        Recorded(at("2024-07-02"), held("a3", "retracted-only", "2024-07-01")),
        Recorded(at("2024-07-03"), retracted("a3")),
        Recorded(at("2024-07-02"), inspected("inspected", "2024-07-01", "active")),
        Recorded(at("2024-07-02"), inspected("found-dormant", "2024-07-01", "dormant")),
        Recorded(at("2024-07-02"), inspected("woke-up", "2024-07-01", "dormant")),
        Recorded(at("2024-07-20"), held("a4", "woke-up", "2024-07-15")),
        Recorded(at("2024-03-02"), dissolved("gone", "2024-03-01")),
    ]
    models = given(tmp_path, history)
    since = date(2024, 6, 1)
    with models.connect("organisations", "activities") as conn:
        now = dormant_organisations(conn, Clocks(), since, REGION)
        july = dormant_organisations(conn, Clocks(as_of=date(2024, 7, 10)), since, REGION)
        known_before = dormant_organisations(conn, Clocks(known_at=at("2024-07-02T12:00")), since, REGION)
        paged = dormant_organisations(conn, Clocks(), since, REGION, limit=2)
    reasons = {i["org_id"]: i["dormant_by"] for i in now["items"]}
    assert reasons == {"quiet": "silence", "retracted-only": "silence", "found-dormant": "finding", "home": "silence"}
    assert now["by_reason"] == {"finding": 1, "silence": 3} and now["total"] == 4
    assert {i["org_id"] for i in july["items"]} == {"quiet", "retracted-only", "found-dormant", "woke-up", "home"}
    assert "woke-up" in {i["org_id"] for i in known_before["items"]}  # its activity recorded later
    assert "retracted-only" not in {i["org_id"] for i in known_before["items"]}  # the retraction not yet known
    assert (paged["total"], paged["count"]) == (4, 2) and paged["next_after"] is not None
    assert now["items"][0]["region_code"] == "320412"


def test_the_audit_log_keeps_every_envelope_and_filters(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-02"), founded("f1"), actor="alice"),
        Recorded(at("2024-01-03"), founded("f2", region="浙江省/温州市/乐清市"), actor="bob"),
        Recorded(at("2024-02-02"), inspected("f1", "2024-02-01", "active"), actor="bob"),
    ]
    models = given(tmp_path, history)
    with models.connect("audit") as conn:
        everything = audit.page(conn, audit.AuditFilter())
        by_bob = audit.page(conn, audit.AuditFilter(actor="bob"))
        in_town = audit.page(conn, audit.AuditFilter(region=TOWN))
        of_f1 = audit.page(conn, audit.AuditFilter(entity="f1"))
        february = audit.page(conn, audit.AuditFilter(recorded_from=at("2024-02-01"), recorded_to=at("2024-03-01")))
        paged = audit.page(conn, audit.AuditFilter(), limit=2)
        lines = b"".join(audit.as_jsonl(audit.rows(conn, audit.AuditFilter(), chunk=1))).decode().splitlines()
        csv_text = b"".join(audit.as_csv(audit.rows(conn, audit.AuditFilter()))).decode()
    first = everything["items"][0]
    assert first["event_type"] == "FederationFounded"
    assert first["actor"] == "alice"
    assert first["entity_id"] == "f1"
    assert first["stream_id"] == "federation-f1"
    assert first["data"]["federation_id"] == "f1"
    assert {"event_id", "command_id", "correlation_id", "occurred_on", "recorded_at", "source"} <= set(first)
    assert by_bob["count"] == 2
    assert [i["event_type"] for i in in_town["items"]] == ["FederationFounded", "FederationInspected"]
    assert of_f1["count"] == 2
    assert february["count"] == 1
    assert paged["next_after"] == 2
    assert len(lines) == 3
    assert csv_text.count("\n") == 4 and csv_text.startswith("position,event_id")


def test_the_audit_log_and_a_timeline_stand_on_both_clocks(tmp_path: Path) -> None:
    history = [
        Recorded(at("2024-01-02"), founded("f1", on="2023-12-01")),
        Recorded(at("2024-03-02"), inspected("f1", "2024-03-01", "weak")),
        # learnt in June about an inspection in February: a late entry
        Recorded(at("2024-06-10"), inspected("f1", "2024-02-15", "active")),
    ]
    models = given(tmp_path, history)

    def types(clocks: Clocks) -> list[str]:
        with models.connect("audit") as conn:
            page = audit.page(conn, audit.AuditFilter(entity="f1", clocks=clocks))
        return [f"{i['event_type']}@{i['occurred_on']}" for i in page["items"]]

    everything = ["FederationFounded@2023-12-01", "FederationInspected@2024-03-01", "FederationInspected@2024-02-15"]
    assert types(Clocks()) == everything
    assert types(Clocks(as_of=date(2024, 2, 20))) == ["FederationFounded@2023-12-01", "FederationInspected@2024-02-15"]
    assert types(Clocks(known_at=at("2024-05-01"))) == everything[:2]
    assert types(Clocks(as_of=date(2024, 2, 20), known_at=at("2024-05-01"))) == everything[:1]
    assert types(Clocks(known_at=at("2024-01-01"))) == []
