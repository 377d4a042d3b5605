"""What the people tests record first: the town federation her committee belongs to."""

from __future__ import annotations

WUJIN = "江苏省/常州市/武进区"
HUTANG = {
    "federation_id": "hutang",
    "name": "湖塘镇妇联",
    "kind": "federation",
    "domain": "business_district",
    "level": "town",
    "region": f"{WUJIN}/湖塘镇",
    "host_organisation": "湖塘镇",
    "founded_on": "2022-05-01",
    "women_members": 300,
}
"""The body of `POST /federations` founding 湖塘镇妇联, which the members are appointed to."""
