"""The composition root: builds the orgs service and its app from the settings. Nothing is created
at import time."""

from __future__ import annotations

import logging
from typing import TypeVar

from fastapi import FastAPI
from niangjia_contracts import DomainEvent, FederationFounded, MemberAppointed, MicroHomeOpened, ProjectPledged
from niangjia_eventstore import EventStore
from niangjia_kit.clock import Today, today_in_china
from niangjia_kit.commands import CommandHandler
from niangjia_kit.decider import Decider
from niangjia_kit.http import create_service_app
from niangjia_kit.keystore import KEYS_FILE, KeyStore, apply_erasures
from niangjia_kit.metrics import Metrics
from niangjia_kit.projection import STORE_FAULTS
from niangjia_kit.settings import ServiceSettings
from pydantic import BaseModel, Field

from niangjia_orgs.application.orgs import Located, Organisations, Orgs
from niangjia_orgs.domain import federation, member, micro_home, project
from niangjia_orgs.domain.lifecycle import Lifecycle
from niangjia_orgs.entrypoints import federations, members, micro_homes

log = logging.getLogger("niangjia.orgs")
C = TypeVar("C", bound=BaseModel)
S = TypeVar("S", bound=Located)


class OrgsSettings(ServiceSettings):
    port: int = Field(default=8701, ge=1, le=65535)


def bootstrap(
    store: EventStore,
    *,
    keys: KeyStore | None = None,
    today: Today = today_in_china,
    metrics: Metrics | None = None,
) -> Orgs:
    """The orgs service over `store`: a command handler for each aggregate, the key store (in
    memory when none is given: tests), the clock, the metrics."""

    def kind(decider: Decider[C, S], event: type[DomainEvent], lifecycle: Lifecycle) -> Organisations[C, S]:
        """One kind of record: its commands decided by `decider`, its streams named as `event`'s."""
        handler = CommandHandler(store, decider, metrics)
        return Organisations(handler=handler, category=event.category, id_field=event.id_field, lifecycle=lifecycle)

    return Orgs(
        store=store,
        federations=kind(federation.decider, FederationFounded, federation.FEDERATION),
        micro_homes=kind(micro_home.decider, MicroHomeOpened, micro_home.MICRO_HOME),
        members=kind(member.decider, MemberAppointed, member.MEMBER),
        projects=kind(project.decider, ProjectPledged, project.PROJECT),
        keys=keys if keys is not None else KeyStore(None),
        today=today,
        metrics=metrics,
    )


def build_app(settings: ServiceSettings, *, store: EventStore | None = None, today: Today = today_in_china) -> FastAPI:
    """The orgs service app. `store` and `today` are for tests; by default the settings choose the store."""

    async def on_start(app: FastAPI) -> None:
        keys = KeyStore(settings.data_dir / KEYS_FILE)
        try:
            destroyed = await apply_erasures(keys, app.state.store)
        except STORE_FAULTS as fault:  # the store refuses every append; /health and each command say why
            log.error("key store: the erasures could not be re-applied: %s", fault)
            destroyed = 0
        if destroyed:
            log.warning("key store: destroyed %d keys whose erasure the log records", destroyed)
        app.state.container = bootstrap(app.state.store, keys=keys, today=today, metrics=app.state.metrics)
        log.info(
            "orgs service ready", extra={"store": type(app.state.store).__name__, "tokens": str(settings.tokens_path)}
        )

    async def on_stop(app: FastAPI) -> None:
        container: Orgs | None = getattr(app.state, "container", None)
        if container is not None:
            container.keys.close()

    return create_service_app(
        service="orgs",
        title="niangjia orgs: federations and micro-homes",
        settings=settings,
        routers=[federations.router, micro_homes.router, members.router],
        store=store,
        on_start=on_start,
        on_stop=on_stop,
        writes=True,
    )
