"""The integration feed: pages of events after a position, and server-sent events."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["feed"])
