"""`niangjia verify-report`: a report handed in earlier, rebuilt from the log as it stood then.

A receipt (niangjia_verifier.receipt) names the report, the SHA-256 of its bytes, the log position
it reflects and the tree root there, signed by the ledger's key. To check it: the signature with a
trusted key; the store's events up to that position (copied into a temporary folder) hash to the
signed root, or the first event that differs from the ledger's record is named; the read models are
rebuilt from that copy and the same request, made with a token of the same region scope, answers
the very bytes the receipt signed (and those of the report file, when one is given).
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from niangjia_eventstore import SQLiteEventStore
from niangjia_kit.tokens import Role, TokenStore
from niangjia_ledger.leaves import leaf_hashes
from niangjia_ledger.state import LedgerFile
from niangjia_verifier import CompactRange, Receipt, ReceiptError

from niangjia.i18n import t

PAGE = 5000


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the check found: `problem` (in the command line's language) is None when the receipt holds;
    `position` where it failed."""

    problem: str | None = None
    position: int | None = None
    body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_receipt(
    receipt: Receipt,
    store_path: Path,
    keys: Mapping[str, Ed25519PublicKey],
    *,
    ledger_path: Path | None = None,
    report: bytes | None = None,
) -> Outcome:
    try:
        receipt.verify(keys)
    except ReceiptError as error:
        return Outcome(t("receipt.signature", error=error))
    if report is not None and hashlib.sha256(report).hexdigest() != receipt.body_sha256:
        return Outcome(t("receipt.report_changed"))
    with tempfile.TemporaryDirectory(prefix="niangjia-receipt-") as folder:
        data = Path(folder)
        _copy_up_to(store_path, data / "events.db", receipt.position)
        problem = _check_root(receipt, data / "events.db", ledger_path)
        if problem is not None:
            return problem
        body = rebuild_report(receipt, data)
    if hashlib.sha256(body).hexdigest() != receipt.body_sha256:
        at = _first_difference(body, report) if report is not None else None
        where = t("receipt.first_difference", at=at) if at is not None else ""
        return Outcome(t("receipt.rebuilt_differs", where=where), body=body)
    return Outcome(body=body)


def _copy_up_to(source: Path, target: Path, position: int) -> None:
    """A copy of the SQLite store holding only the events up to `position` (the original is only read)."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("DELETE FROM events WHERE position > ?", (position,))
        dst.execute("DELETE FROM appends WHERE last_position > ?", (position,))
        dst.commit()
    finally:
        src.close()
        dst.close()


def _check_root(receipt: Receipt, store_path: Path, ledger_path: Path | None) -> Outcome | None:
    """None when the events up to the position hash to the signed root; else what differs and where."""
    tree = CompactRange()
    leaves: list[tuple[int, bytes]] = []
    store = SQLiteEventStore(store_path)
    try:
        after = 0
        while page := store.read_all_sync(after, PAGE):
            for event, leaf in zip(page, leaf_hashes(page), strict=True):
                tree.append(leaf)
                leaves.append((event.position, leaf))
            after = page[-1].position
    finally:
        store.close_sync()
    if tree.size == receipt.tree_size and tree.root().hex() == receipt.root_hash:
        return None
    where = (
        _first_unlike_ledger(leaves, ledger_path, receipt.position)
        if ledger_path is not None and ledger_path.is_file()
        else None
    )
    if where is not None:
        return Outcome(t("receipt.unlike_ledger", position=where), position=where)
    if tree.size != receipt.tree_size:
        return Outcome(t("receipt.size", size=tree.size, position=receipt.position, signed=receipt.tree_size))
    return Outcome(t("receipt.root", position=receipt.position))


def _first_unlike_ledger(leaves: list[tuple[int, bytes]], ledger_path: Path, position: int) -> int | None:
    """The first position up to `position` where the store's event is not the one the ledger recorded."""
    ledger = LedgerFile(ledger_path, readonly=True)
    try:
        recorded = [e for e in ledger.entries(-1, len(leaves) + 1) if e[1] <= position]
    finally:
        ledger.close()
    for (at, leaf), (_, kept_at, _, kept) in zip(leaves, recorded, strict=False):
        if leaf != bytes(kept) or at != kept_at:
            return min(at, kept_at)
    if len(leaves) < len(recorded):  # the last ones were removed
        return int(recorded[len(leaves)][1])
    return None


def rebuild_report(receipt: Receipt, data: Path) -> bytes:
    """The read models rebuilt from the store in `data`, and the receipt's request made to them: the
    projections service's own app, started in this process and asked over ASGI (no socket)."""
    import httpx
    from niangjia_projections.bootstrap import build_app
    from niangjia_projections.live import catch_up_read_models
    from niangjia_projections.settings import ProjectionsSettings

    settings = ProjectionsSettings(data_dir=data, ledger=False)
    catch_up_read_models(settings)
    _, token = TokenStore(settings.tokens_path).issue("verify-report", Role.ADMIN, receipt.scope)
    app = build_app(settings)

    async def ask() -> bytes:
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://v") as client,
        ):
            answer = await client.get(
                receipt.path, params=tuple(receipt.query), headers={"Authorization": f"Bearer {token}"}
            )
        return answer.content

    return asyncio.run(ask())


def _first_difference(a: bytes, b: bytes) -> int | None:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))
