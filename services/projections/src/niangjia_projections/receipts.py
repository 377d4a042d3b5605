"""Every report says the log position it reflects; on request it comes with a signed receipt.

The position is read in the same read transaction as the report (`read_marks`, called by
`deps.on_read_models`, which every report goes through), from the read models' own checkpoints, so
it is exactly the last event the report's figures include. `LogPosition` (ASGI middleware) then
adds `X-Log-Position` to the response, and, when the request carries `X-Log-Receipt: true`,
`X-Log-Receipt`: the signed receipt (niangjia_verifier.receipt) as base64 of its JSON.

Why a header, not a parameter or a second request: the report's bytes stay exactly what they are
without a receipt (a `?receipt=` parameter would itself become one of the report's parameters),
and the receipt describes this very response (a `GET /receipts?path=` made afterwards could meet
the read models at a later position, so it would sign other bytes than the ones handed in).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import sqlite3
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from niangjia_kit.asgi import HttpMiddleware
from niangjia_kit.errors import error_body
from niangjia_ledger.runner import Ledger
from niangjia_ledger.service import LedgerMissing, ledger_paths, ledger_view, tree_at_position
from niangjia_verifier import Receipt
from niangjia_verifier.checkpoint import format_time
from starlette.concurrency import run_in_threadpool
from starlette.types import Message, Receive, Scope, Send

if TYPE_CHECKING:
    from niangjia_projections.live import LiveLedger

POSITION_HEADER = "X-Log-Position"
RECEIPT_HEADER = "X-Log-Receipt"
RECEIPT_VALUES = ("true", "false", "1", "0")
"""What X-Log-Receipt may say; any other value is refused (422) by every route that reads the read models."""
LEDGER_WAIT_SECONDS = 3.0
REPORT_PATHS = (
    "/counts",
    "/counts/quarters",
    "/campaigns/{year}",
    "/campaigns/{year}/Q{quarter}",
    "/dormant",
    "/federations/{federation_id}/guided",
)


def read_marks(conn: sqlite3.Connection, models: tuple[str, ...]) -> tuple[int | None, tuple[int, ...]]:
    """The position every model in `models` (main first, then attached) has applied, in this
    transaction, None when they stand at different positions (the runner is between two of them);
    and, model by model, the position of the last change of its content (`_projection.changed`: the
    checkpoint itself in a file written before that was kept)."""
    positions: set[int] = set()
    changes: list[int] = []
    for schema in ("main", *models[1:]):
        try:
            position, changed = conn.execute(_MARKS.format(schema)).fetchone()
        except sqlite3.OperationalError:  # a file the runner has not opened since `changed` was added
            position, changed = conn.execute(_MARKS_BEFORE_CHANGED.format(schema)).fetchone()
        if position is not None:
            positions.add(int(position))
            changes.append(int(changed))
    return (positions.pop() if len(positions) == 1 else None), tuple(changes)


_MARKS = "SELECT max(position), max(coalesce(changed, position)) FROM {}._projection"
_MARKS_BEFORE_CHANGED = "SELECT max(position), max(position) FROM {}._projection"


def wants_receipt(scope: Scope) -> bool:
    return any(name == b"x-log-receipt" and value.strip() in (b"1", b"true") for name, value in scope["headers"])


class LogPosition(HttpMiddleware):
    """Adds X-Log-Position to every response whose route read the read models; and the receipt."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        receipt = wants_receipt(scope)
        start: Message | None = None
        body: list[bytes] = []

        async def send_with_position(message: Message) -> None:
            nonlocal start
            position = scope.get("state", {}).get("log_position")
            if message["type"] == "http.response.start":
                if position is None:
                    await send(message)
                    return
                message["headers"] = [*message.get("headers", []), (b"x-log-position", str(position).encode())]
                if not receipt or message["status"] != 200:
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._send_with_receipt(scope, receive, send, start, b"".join(body), position)

        await self.app(scope, receive, send_with_position)

    async def _send_with_receipt(
        self, scope: Scope, receive: Receive, send: Send, start: Message, body: bytes, position: int
    ) -> None:
        app: FastAPI = scope["app"]
        try:
            receipt = await make_receipt(app, scope, body, position)
        except ReceiptUnavailable as error:
            response = JSONResponse(
                error_body("receipt_unavailable", str(error), position=position),
                status_code=503,
                headers={"Retry-After": "1"},
            )
            await response(scope, receive, send)
            return
        encoded = base64.b64encode(json.dumps(receipt.to_json(), separators=(",", ":")).encode())
        start["headers"] = [*start["headers"], (b"x-log-receipt", encoded)]
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})


class ReceiptUnavailable(RuntimeError):
    """No receipt can be signed now (no ledger, or the ledger is behind the report); the message says which."""


async def make_receipt(app: FastAPI, scope: Scope, body: bytes, position: int) -> Receipt:
    live: LiveLedger | None = getattr(app.state, "ledger", None)
    if live is None:
        raise ReceiptUnavailable("this service runs no ledger (NIANGJIA_LEDGER=false): no receipts")
    ledger: Ledger | None = live.ledger
    if ledger is None:
        raise ReceiptUnavailable("the ledger is being opened again after a fault; retry")
    path, _ = ledger_paths(app.state.settings.data_dir)

    def tree() -> tuple[str, int, bytes] | None:
        with ledger_view(path) as view:
            found = tree_at_position(view, position)
            return None if found is None else (view.log_id, *found)

    deadline = time.monotonic() + LEDGER_WAIT_SECONDS
    while True:
        try:
            found = await run_in_threadpool(tree)
        except LedgerMissing:
            found = None
        if found is not None or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.1)
    if found is None:
        raise ReceiptUnavailable(f"the ledger has not reached position {position} yet; retry")
    log_id, tree_size, root = found
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    params = dict(query)
    principal: Any = scope.get("state", {}).get("principal")
    unsigned = Receipt(
        path=scope["path"],
        query=query,
        scope=getattr(principal, "scope", None),
        body_sha256=hashlib.sha256(body).hexdigest(),
        as_of=params.get("as_of"),
        known_at=params.get("known_at"),
        position=position,
        tree_size=tree_size,
        root_hash=root.hex(),
        log_id=log_id,
        key_id=ledger.signer.key_id,
        signed_at=format_time(datetime.now(UTC)),
    )
    return ledger.signer.sign_receipt(unsigned)


def document_receipts(app: FastAPI) -> None:
    """Describe X-Log-Position and X-Log-Receipt on the reports in the app's OpenAPI document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path in REPORT_PATHS:
            operation = schema["paths"].get(path, {}).get("get")
            if operation is None:
                continue
            operation.setdefault("parameters", []).append(
                {
                    "name": RECEIPT_HEADER,
                    "in": "header",
                    "required": False,
                    "description": "true: answer with a signed receipt of this report in the X-Log-Receipt header",
                    "schema": {"type": "string", "enum": list(RECEIPT_VALUES)},
                }
            )
            operation["responses"]["200"]["headers"] = {
                POSITION_HEADER: {
                    "description": "The log position the report reflects (its last event)",
                    "schema": {"type": "integer"},
                },
                RECEIPT_HEADER: {
                    "description": "When asked for: base64 of the signed receipt's JSON (docs/auditors.md)",
                    "schema": {"type": "string"},
                },
            }
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
