"""The service app factory: error handlers, body limit, /health, /metrics, request metrics."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from niangjia_eventstore import EventStore, EventStoreUnavailable
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from niangjia_kit.apidocs import install_api_docs
from niangjia_kit.apierrors import install_error_docs
from niangjia_kit.asgi import HttpMiddleware
from niangjia_kit.auth import TokenStore
from niangjia_kit.errors import error_body, install_error_handlers
from niangjia_kit.metrics import Metrics
from niangjia_kit.parameters import StrictParameters
from niangjia_kit.settings import ServiceSettings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


class BodyLimit(HttpMiddleware):
    """Refuses request bodies over `limit` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        super().__init__(app)
        self.limit = limit

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await self._refuse(scope, receive, send)
                    return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked_send)
        except _BodyTooLarge:
            if not started:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            error_body("body_too_large", f"the request body is larger than {self.limit} bytes", limit=self.limit),
            status_code=413,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


class RequestMetrics(HttpMiddleware):
    """Counts requests by route and status and times them."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            metrics: Metrics = scope["app"].state.metrics
            path = getattr(scope.get("route"), "path", "unmatched")
            metrics.request(scope["method"], path, str(status), time.perf_counter() - started)


HEALTH: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "The service cannot do its job now: `status` and `store_fault` say why (disk_full, "
        "store_read_only, store_unavailable; a projection stopped; the relay cannot publish)"
    }
}


def create_service_app(
    *,
    service: str,
    title: str,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    store: EventStore | None = None,
    on_start: Callable[[FastAPI], Awaitable[None]] | None = None,
    on_stop: Callable[[FastAPI], Awaitable[None]] | None = None,
    health: Callable[[FastAPI], Awaitable[dict[str, Any]]] | None = None,
    writes: bool = False,
    version: str = "0.1.0",
) -> FastAPI:
    """Build a service's FastAPI app. Nothing is opened before the app starts.

    `/health` answers 200 only when the service can do its job now: the store answers, a service
    that `writes` could append now (`EventStore.check_writable`), and `health` says "ok"."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store is None:
            from niangjia_eventstore import open_store  # the adapters are chosen by the settings

            app.state.store = open_store(settings.store)
        else:
            app.state.store = store
        try:
            if on_start is not None:
                await on_start(app)
            # the OpenAPI document is written before the first reader comes, not for her: the
            # parameters each route takes are read from it (`StrictParameters`), and writing it
            # took 0.4 s for the projections' routes, which her first report waited for
            app.openapi()
            yield
        finally:
            if on_stop is not None:
                await on_stop(app)
            if store is None:
                await app.state.store.close()

    # `/counts/` is not a route: 404, not a redirect to a Location built from the Host header
    app = FastAPI(
        title=title, version=version, lifespan=lifespan, docs_url=None, redoc_url=None, redirect_slashes=False
    )
    app.state.settings = settings
    app.state.service = service
    app.state.metrics = Metrics(service)
    app.state.tokens = TokenStore(settings.tokens_path)
    install_error_handlers(app)
    install_api_docs(app)
    install_error_docs(app)
    for router in routers:
        app.include_router(router)

    @app.get("/health", tags=["operations"], summary="Whether the service can do its job now", responses=HEALTH)
    async def get_health(request: Request) -> JSONResponse:
        body: dict[str, Any] = {"service": service, "status": "ok"}
        store: EventStore = request.app.state.store
        try:
            body["store_position"] = await store.last_position()
            if writes:
                await store.check_writable()
                body["can_write"] = True
            problem = await store.problem()
        except Exception as error:  # any store failure means "not ready", never a 500
            code = error.code if isinstance(error, EventStoreUnavailable) else "store_unavailable"
            body.update(status="unavailable", store_error=str(error), store_fault=code)
            if writes:
                body["can_write"] = False
            return JSONResponse(body, status_code=503)
        if problem is not None:  # the store went backwards or holds a corrupted event: no writes
            body.update(status=getattr(problem, "code", "unavailable"), store_error=str(problem))
        if health is not None:
            body.update(await health(request.app))
        return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", response_class=Response)
    async def get_metrics(request: Request) -> Response:
        return Response(request.app.state.metrics.render(), media_type="text/plain; version=0.0.4")

    app.add_middleware(StrictParameters)  # parameters as declared: none unknown, none repeated
    app.add_middleware(RequestMetrics)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app
