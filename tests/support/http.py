"""The headers a test's request carries."""

from __future__ import annotations


def bearer(token: str, **headers: str) -> dict[str, str]:
    """The Authorization header for `token`, and any other `headers`."""
    return {"Authorization": f"Bearer {token}", **headers}
