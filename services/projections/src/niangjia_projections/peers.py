"""The other services' health, asked for the operator's page: each `/health` read with a short
timeout (the standard library's client, on a worker thread), an unreachable service reported as
such rather than failing the page."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 2.0


def _get(url: str) -> dict[str, Any]:
    began = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - our own settings' http(s) URL
            body = json.loads(response.read(1_000_000))
            status = response.status
    except urllib.error.HTTPError as error:  # /health answers 503 when degraded, with its body
        try:
            body, status = json.loads(error.read(1_000_000)), error.code
        except ValueError:
            body, status = {}, error.code
    except (OSError, ValueError) as error:
        return {"reachable": False, "error": str(error) or type(error).__name__, "status": "unreachable"}
    if not isinstance(body, dict):
        body = {}
    elapsed = round((time.monotonic() - began) * 1000, 1)
    return {"reachable": True, "http_status": status, "elapsed_ms": elapsed, **body}


async def health_of(urls: dict[str, str | None]) -> dict[str, dict[str, Any]]:
    """name -> its /health body (with `reachable`), or `configured: false` when no URL is set."""

    async def one(url: str | None) -> dict[str, Any]:
        if url is None:
            return {"configured": False, "status": "not_configured"}
        return await asyncio.to_thread(_get, url.rstrip("/") + "/health")

    answers = await asyncio.gather(*(one(url) for url in urls.values()))
    return dict(zip(urls, answers, strict=True))
