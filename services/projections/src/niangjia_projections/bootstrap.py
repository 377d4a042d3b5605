"""Builds the projections service from its settings: the runner, the read models, the routes.

The dashboard (`niangjia_projections.dashboard`, serving `GET /`) is included when it exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import Sequence
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI
from niangjia_eventstore import EventStore
from niangjia_kit.http import create_service_app
from niangjia_kit.integrity import IntegrityWatch
from niangjia_kit.projection import ModelFiles, Projection, ProjectionRunner
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from niangjia_projections import feed
from niangjia_projections.entrypoints import (
    audit,
    exports,
    ledger,
    me,
    milestones,
    operator,
    organisations,
    people,
    reports,
)
from niangjia_projections.entrypoints.answer_cache import AnswerCache, answer_metrics
from niangjia_projections.entrypoints.deps import COUNTY, QUICK, WIDE
from niangjia_projections.live import live_ledger, live_runner
from niangjia_projections.models.common import ReadModels
from niangjia_projections.receipts import LogPosition, document_receipts
from niangjia_projections.settings import ProjectionsSettings

log = logging.getLogger("niangjia.projections")


def optional_routers() -> list[APIRouter]:
    """Routers other parts of the service may provide: the dashboard (`GET /`)."""
    routers = []
    try:
        dashboard = importlib.import_module("niangjia_projections.dashboard")
    except ModuleNotFoundError as error:
        if error.name not in ("niangjia_projections.dashboard",):
            raise
    else:
        router = getattr(dashboard, "router", None)
        if isinstance(router, APIRouter):
            routers.append(router)
    return routers


class ProjectionCollector(Collector):
    """Projection checkpoints, lag, skipped and failed models, read at scrape time."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def collect(self) -> Any:
        runner: ProjectionRunner | None = getattr(self.app.state, "runner", None)
        checkpoint = GaugeMetricFamily(
            "niangjia_projection_checkpoint", "Last store position applied", labels=["projection"]
        )
        lag = GaugeMetricFamily(
            "niangjia_projection_lag_events", "Store position minus the projection's checkpoint", labels=["projection"]
        )
        lag_s = GaugeMetricFamily(
            "niangjia_projection_lag_seconds",
            "How far behind the newest event the projection is",
            labels=["projection"],
        )
        failed = GaugeMetricFamily(
            "niangjia_projection_failed",
            "1 when the projection stopped on an event (see /health)",
            labels=["projection"],
        )
        failed_at = GaugeMetricFamily(
            "niangjia_projection_failed_position", "Position of the event it stopped on", labels=["projection"]
        )
        applied = CounterMetricFamily("niangjia_projection_events_applied", "Events applied", labels=["projection"])
        skipped = CounterMetricFamily(
            "niangjia_projection_unknown_events_skipped", "Events of unknown types skipped", labels=["projection"]
        )
        for status in runner.status() if runner else []:
            name = [status["name"]]
            checkpoint.add_metric(name, status["checkpoint"])
            lag.add_metric(name, status["lag_events"])
            lag_s.add_metric(name, status["lag_seconds"])
            failed.add_metric(name, 1 if status["failure"] else 0)
            failed_at.add_metric(name, status["failure"]["position"] if status["failure"] else 0)
            applied.add_metric(name, status["applied"])
            skipped.add_metric(name, status["skipped_unknown"])
        yield from (checkpoint, lag, lag_s, failed, failed_at, applied, skipped)
        yield from answer_metrics(self.app.state.answers)


def build_app(
    settings: ProjectionsSettings,
    *,
    store: EventStore | None = None,
    projections: Sequence[Projection] | None = None,
) -> FastAPI:
    files = ModelFiles(settings.read_models_path)

    async def on_start(app: FastAPI) -> None:
        app.state.report_lanes = {
            WIDE: anyio.CapacityLimiter(settings.wide_report_threads),
            COUNTY: anyio.CapacityLimiter(settings.county_report_threads),
            QUICK: anyio.CapacityLimiter(settings.quick_report_threads),
        }
        runner = live_runner(app.state.store, settings, projections, heal=True)
        await asyncio.to_thread(runner.open)
        app.state.runner = runner
        app.state.runner_task = asyncio.create_task(_run(runner), name="projection-runner")
        app.state.integrity = IntegrityWatch(
            app.state.store,
            settings.integrity_interval,
            app.state.metrics.registry,
            share=settings.integrity_share,
        )
        app.state.integrity_task = asyncio.create_task(app.state.integrity.run(), name="integrity-check")
        if settings.ledger:
            app.state.ledger, app.state.ledger_task = await live_ledger(app.state.store, settings)

    async def on_stop(app: FastAPI) -> None:
        for name in ("ledger_task", "runner_task", "integrity_task"):
            task: asyncio.Task[None] | None = getattr(app.state, name, None)
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):  # a task's own error is logged
                    await task
        if getattr(app.state, "ledger", None) is not None:
            app.state.ledger.close()
        runner: ProjectionRunner | None = getattr(app.state, "runner", None)
        if runner is not None:
            runner.close()
        app.state.read_models.close()

    async def health(app: FastAPI) -> dict[str, Any]:
        runner: ProjectionRunner | None = getattr(app.state, "runner", None)
        statuses = runner.status() if runner else []
        body: dict[str, Any] = {"projections": statuses}
        store_error = runner.healing.store_error if runner is not None and runner.healing is not None else None
        if store_error is not None:
            body["store_error"] = store_error
        ledger_error = getattr(getattr(app.state, "ledger", None), "error", None)
        if ledger_error is not None:
            body["ledger_error"] = ledger_error
        tasks = [getattr(app.state, name, None) for name in ("runner_task", "ledger_task")]
        if (
            any(s["failure"] for s in statuses)
            or store_error is not None
            or ledger_error is not None
            or any(task is not None and task.done() for task in tasks)
        ):
            codes = [s["failure"]["code"] for s in statuses if s["failure"] and s["failure"].get("code")]
            body["status"] = codes[0] if codes else "degraded"  # a model stopped (it retries) or the store is at fault
        watch: IntegrityWatch | None = getattr(app.state, "integrity", None)
        if watch is not None:
            body["integrity"] = watch.status()
            if watch.fault is not None:
                body["status"] = watch.fault.code
        return body

    app = create_service_app(
        service="projections",
        title="niangjia projections: reports, audit history, integration feed",
        settings=settings,
        routers=[
            reports.router,
            milestones.router,
            audit.router,
            feed.router,
            people.router,
            ledger.router,
            exports.router,
            organisations.router,
            operator.router,
            me.router,
            *optional_routers(),
        ],
        store=store,
        on_start=on_start,
        on_stop=on_stop,
        health=health,
    )
    app.state.read_models = ReadModels(files)
    app.state.answers = AnswerCache(settings.shared_answers_bytes)
    app.add_middleware(LogPosition)
    document_receipts(app)
    app.state.metrics.registry.register(ProjectionCollector(app))
    return app


async def _run(runner: ProjectionRunner) -> None:
    try:
        await runner.run()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("the projection runner stopped")
        raise
