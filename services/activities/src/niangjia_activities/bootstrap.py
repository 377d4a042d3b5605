"""The composition root: builds the activities app from its settings. Nothing is created at import time.

At start, `bootstrap` opens the organiser registry, starts its feed and builds the `Activities`
container the routes get (`entrypoints.common.Service`); at stop, the feed stops and the registry
closes.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from niangjia_eventstore import EventStore
from niangjia_kit.clock import Today, today_in_china
from niangjia_kit.commands import CommandHandler
from niangjia_kit.http import create_service_app
from niangjia_kit.metrics import Metrics
from niangjia_kit.settings import ServiceSettings

from niangjia_activities.adapters.registry import OrganiserRegistry
from niangjia_activities.adapters.registry_feed import RegistryFeed, RegistryMetrics
from niangjia_activities.domain import care_activity
from niangjia_activities.entrypoints import care_activities
from niangjia_activities.settings import ActivitiesSettings
from niangjia_activities.use_cases.activities import Activities, Organisers


@dataclass(frozen=True, slots=True, kw_only=True)
class Running:
    """The service while it runs: the container the routes use, and the registry that follows the store."""

    activities: Activities
    registry: OrganiserRegistry
    feed: RegistryFeed
    tasks: tuple[asyncio.Task[None], ...]

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.registry.close()

    async def health(self) -> dict[str, Any]:
        lag = await self.feed.refresh_lag()
        return {
            "registry": {
                "checkpoint": self.feed.checkpoint,
                "store_position": self.feed.store_position,
                "lag_positions": lag,
                "organisers": self.registry.count(),
            }
        }


def _start_registry(
    store: EventStore, settings: ActivitiesSettings, metrics: Metrics
) -> tuple[OrganiserRegistry, RegistryFeed, tuple[asyncio.Task[None], ...]]:
    """Open the organiser registry and start the feed that keeps it up to date with the store."""
    registry = OrganiserRegistry(settings.registry_path)
    feed = RegistryFeed(store, registry, metrics=RegistryMetrics(metrics.registry))
    tasks = (
        asyncio.create_task(feed.run(), name="registry-feed"),
        asyncio.create_task(feed.run_lag_watch(), name="registry-lag"),
    )
    return registry, feed, tasks


def bootstrap(store: EventStore, settings: ActivitiesSettings, metrics: Metrics, today: Today) -> Running:
    """Everything the service needs, built once (inside the running event loop)."""
    registry, feed, tasks = _start_registry(store, settings, metrics)
    activities = Activities(
        handler=CommandHandler(store, care_activity.decider, metrics),
        organisers=Organisers(registry=registry, feed=feed, wait_seconds=settings.organiser_wait_seconds),
        today=today,
    )
    return Running(activities=activities, registry=registry, feed=feed, tasks=tasks)


def build_app(settings: ServiceSettings, *, store: EventStore | None = None, today: Today = today_in_china) -> FastAPI:
    """The activities service app. `store` and `today` are for tests; by default the settings choose the store."""
    config = (
        settings
        if isinstance(settings, ActivitiesSettings)
        else ActivitiesSettings.model_validate(settings.model_dump())
    )
    running: list[Running] = []

    async def on_start(app: FastAPI) -> None:
        running.append(bootstrap(app.state.store, config, app.state.metrics, today))
        app.state.activities = running[0].activities

    async def on_stop(app: FastAPI) -> None:
        while running:
            await running.pop().stop()

    async def health(app: FastAPI) -> dict[str, Any]:
        return await running[0].health()

    return create_service_app(
        service="activities",
        title="niangjia activities: care activities and the quarterly campaigns",
        settings=config,
        routers=[care_activities.router],
        store=store,
        on_start=on_start,
        on_stop=on_stop,
        writes=True,
        health=health,
    )
