"""The composition root: builds the activities app from its settings. Nothing is created at import time."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import FastAPI
from niangjia_eventstore import EventStore
from niangjia_kit.clock import today_in_china
from niangjia_kit.http import create_service_app
from niangjia_kit.settings import ServiceSettings

from niangjia_activities.adapters.registry import OrganiserRegistry
from niangjia_activities.adapters.registry_feed import RegistryFeed, RegistryMetrics
from niangjia_activities.application.care_activities import CareActivities
from niangjia_activities.entrypoints import care_activities
from niangjia_activities.settings import ActivitiesSettings


def build_app(
    settings: ServiceSettings, *, store: EventStore | None = None, today: Callable[[], date] = today_in_china
) -> FastAPI:
    """The activities service app. `store` and `today` are for tests; by default the settings choose the store."""
    if not isinstance(settings, ActivitiesSettings):
        settings = ActivitiesSettings.model_validate(settings.model_dump())
    config: ActivitiesSettings = settings

    async def on_start(app: FastAPI) -> None:
        registry = OrganiserRegistry(config.registry_path)
        feed = RegistryFeed(app.state.store, registry, metrics=RegistryMetrics(app.state.metrics.registry))
        app.state.registry = registry
        app.state.registry_feed = feed
        app.state.background = [
            asyncio.create_task(feed.run(), name="registry-feed"),
            asyncio.create_task(feed.run_lag_watch(), name="registry-lag"),
        ]
        app.state.activities = CareActivities(
            store=app.state.store,
            registry=registry,
            feed=feed,
            today=today,
            organiser_wait_seconds=config.organiser_wait_seconds,
            metrics=app.state.metrics,
        )

    async def on_stop(app: FastAPI) -> None:
        tasks: list[asyncio.Task[None]] = getattr(app.state, "background", [])
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        registry: OrganiserRegistry | None = getattr(app.state, "registry", None)
        if registry is not None:
            registry.close()

    async def health(app: FastAPI) -> dict[str, Any]:
        feed: RegistryFeed = app.state.registry_feed
        lag = await feed.refresh_lag()
        return {
            "registry": {
                "checkpoint": feed.checkpoint,
                "store_position": feed.store_position,
                "lag_positions": lag,
                "organisers": app.state.registry.count(),
            }
        }

    return create_service_app(
        service="activities",
        title="niangjia activities: care activities and the quarterly campaigns",
        settings=config,
        routers=[care_activities.router],
        store=store,
        on_start=on_start,
        on_stop=on_stop,
        health=health,
    )
