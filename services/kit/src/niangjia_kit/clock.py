"""The business calendar: dates are dates where the federations work (China Standard Time, UTC+8)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")

Today = Callable[[], date]
"""Today's business date; passed in, so tests and deciders never read the wall clock themselves."""


def today_in_china() -> date:
    """The business date where the federations work (UTC+8): later dates are in the future."""
    return datetime.now(UTC).astimezone(CHINA_STANDARD_TIME).date()
