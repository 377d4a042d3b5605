"""What the deploy tests record: federations of one town of 武进, by a recorder scoped to the district."""

from __future__ import annotations

REGION = "江苏省/常州市/武进区"


def federation(n: int) -> dict[str, object]:
    """The body of POST /federations for the n-th business-district federation of 湖塘镇."""
    return {
        "name": f"湖塘镇第{n}商圈妇联",
        "kind": "federation",
        "domain": "business_district",
        "level": "town",
        "region": f"{REGION}/湖塘镇",
        "host_organisation": f"商圈{n}",
        "founded_on": "2022-08-01",
        "women_members": 10 + n,
    }
