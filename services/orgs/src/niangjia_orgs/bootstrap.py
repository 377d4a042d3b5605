"""The composition root: builds the orgs app from its settings. Nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from fastapi import FastAPI
from niangjia_eventstore import EventStore
from niangjia_kit.clock import today_in_china
from niangjia_kit.http import create_service_app
from niangjia_kit.settings import ServiceSettings
from pydantic import Field

from niangjia_orgs.application.handlers import OrgsHandlers
from niangjia_orgs.entrypoints import federations, micro_homes

log = logging.getLogger("niangjia.orgs")


class OrgsSettings(ServiceSettings):
    port: int = Field(default=8701, ge=1, le=65535)


def build_app(
    settings: ServiceSettings, *, store: EventStore | None = None, today: Callable[[], date] = today_in_china
) -> FastAPI:
    """The orgs service app. `store` and `today` are for tests; by default the settings choose the store."""

    async def on_start(app: FastAPI) -> None:
        app.state.orgs = OrgsHandlers(app.state.store, app.state.metrics)
        log.info(
            "orgs service ready", extra={"store": type(app.state.store).__name__, "tokens": str(settings.tokens_path)}
        )

    app = create_service_app(
        service="orgs",
        title="niangjia orgs: federations and micro-homes",
        settings=settings,
        routers=[federations.router, micro_homes.router],
        store=store,
        on_start=on_start,
    )
    app.state.today = today
    return app
