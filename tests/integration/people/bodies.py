"""What the people tests record first: the town federation her committee belongs to."""

from __future__ import annotations

from tests.support.samples import FOUNDING_BODY

WUJIN = "江苏省/常州市/武进区"
HUTANG = FOUNDING_BODY
"""The body of `POST /federations` founding 湖塘镇妇联, which the members are appointed to."""
