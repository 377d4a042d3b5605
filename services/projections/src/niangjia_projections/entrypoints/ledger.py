"""The ledger over HTTP: signed checkpoints, the public keys, inclusion and consistency proofs.

What a witness or an auditor needs to check the log without trusting this service: every
checkpoint (to keep), the keys that sign them, and RFC 9162 proofs to check with
`niangjia_verifier` (docs/ledger.md). Hashes are lowercase hex; a proof's path runs from the leaf
upwards. Each request reads its own read-only view of ledger.db, never the runner's connection.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from niangjia_kit.auth import Permission, Principal, authenticate
from niangjia_kit.errors import ApiError
from niangjia_kit.routes import STORE_FAULT
from niangjia_ledger.keys import public_pem
from niangjia_ledger.service import LedgerMissing, ledger_paths, ledger_view
from niangjia_ledger.state import LedgerFile
from niangjia_ledger.tree import TreeError
from niangjia_ledger.verification import last_verification
from niangjia_verifier import Checkpoint, load_public_key
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from niangjia_projections.entrypoints.deps import query_route, refusals

router = APIRouter(
    prefix="/ledger",
    tags=["ledger"],
    responses=refusals(forbidden="The role may not read the ledger (auditors, integrators and admins may)"),
)

MAX_CHECKPOINTS = 1000
NOT_YET: dict[int | str, dict[str, Any]] = {
    404: {
        "description": "The ledger has signed nothing yet, or this service runs none (`no_ledger`); for the "
        "latest checkpoint, none is signed yet (`no_checkpoint`)"
    }
}
"""The 404 of every route that reads the ledger file."""
T = TypeVar("T")


def reads_ledger(principal: Principal) -> bool:
    """Auditors, integrators (witnesses) and admins read the ledger."""
    return principal.can(Permission.AUDIT) or principal.can(Permission.FEED)


async def ledger_reader(request: Request) -> Principal:
    """The caller, if it may read the ledger (`reads_ledger`): 401 without a valid token, else 403."""
    principal = await authenticate(request)
    if not reads_ledger(principal):
        raise ApiError(
            403, "forbidden", f"role {principal.role.value} may not read the ledger", role=principal.role.value
        )
    return principal


Reader = Annotated[Principal, Depends(ledger_reader)]


class SignedCheckpoint(BaseModel):
    log_id: str
    tree_size: int
    root_hash: str = Field(description="The tree's root, hex")
    time: str = Field(description="When it was signed, UTC, microseconds")
    key_id: str
    signature: str = Field(description="Ed25519 over the checkpoint body (docs/ledger.md), base64")

    @classmethod
    def of(cls, checkpoint: Checkpoint) -> SignedCheckpoint:
        return cls(**checkpoint.to_json())


class CheckpointPage(BaseModel):
    checkpoints: list[SignedCheckpoint]
    next_after: int = Field(description="Ask for checkpoints after this tree size next")


class PublicKey(BaseModel):
    key_id: str
    public_key: str = Field(description="The raw 32-byte Ed25519 public key, base64")
    pem: str


class PublicKeys(BaseModel):
    keys: list[PublicKey] = Field(description="Every key that signed a checkpoint, old ones after a rotation too")


class InclusionProof(BaseModel):
    position: int
    event_id: str
    leaf_index: int
    tree_size: int
    audit_path: list[str] = Field(description="RFC 9162 inclusion proof, hex, from the leaf upwards")
    metadata: str = Field(
        description="The event's metadata bytes as stored, base64: with the event as received (NATS, the feed) "
        "they make its leaf (docs/ledger.md); the proof binds them, so they cannot be swapped"
    )


class ConsistencyProof(BaseModel):
    from_size: int
    to_size: int
    proof: list[str] = Field(description="RFC 9162 consistency proof, hex")


class VerificationFinding(BaseModel):
    kind: str = Field(description="altered, removed, reordered, inserted, rolled_back or bad_checkpoint")
    position: int | None = Field(description="The first position that differs (none for a checkpoint's own fault)")
    detail: str


class LastVerification(BaseModel):
    verified_at: str = Field(description="When `niangjia verify` ran over this data folder, UTC")
    ok: bool
    events: int = Field(description="Events whose leaves were recomputed")
    ledger_size: int
    checkpoints: int = Field(description="Signed checkpoints whose signature and root were checked")
    witness_checkpoints: int = Field(0, description="Of which given by witnesses (--witness)")
    uncovered: int = Field(description="Events newer than the ledger's last leaf")
    finding: VerificationFinding | None = Field(description="The first difference; none when it passed")


class LedgerStatus(BaseModel):
    latest_checkpoint: SignedCheckpoint | None = Field(description="None until the ledger signs one")
    last_verification: LastVerification | None = Field(
        description="The result `niangjia verify` recorded when it last ran over this data folder; none if never"
    )


async def _read(request: Request, read: Callable[[LedgerFile], T]) -> T:
    path, _ = ledger_paths(request.app.state.settings.data_dir)

    def run() -> T:
        with ledger_view(path) as view:
            return read(view)

    try:
        return await run_in_threadpool(run)
    except LedgerMissing as error:
        raise ApiError(404, "no_ledger", "the ledger has not signed anything yet") from error
    except TreeError as error:
        raise ApiError(422, "invalid_request", str(error)) from error


@query_route(router, "/checkpoints/latest", "The latest signed checkpoint", responses=NOT_YET)
async def latest_checkpoint(request: Request, principal: Reader) -> SignedCheckpoint:
    found = await _read(request, lambda view: view.latest_checkpoint())
    if found is None:
        raise ApiError(404, "no_checkpoint", "the ledger has not signed a checkpoint yet")
    return SignedCheckpoint.of(found)


@query_route(router, "/status", "The latest checkpoint and the last verification's result (the auditor's view)")
async def ledger_status(request: Request, principal: Reader) -> LedgerStatus:
    folder = request.app.state.settings.data_dir
    try:
        latest = await _read(request, lambda view: view.latest_checkpoint())
    except ApiError:  # no ledger file yet
        latest = None
    recorded = await run_in_threadpool(last_verification, folder)
    try:
        verification = None if recorded is None else LastVerification.model_validate(recorded)
    except ValidationError:  # a record this version cannot read: as if there were none
        verification = None
    return LedgerStatus(
        latest_checkpoint=None if latest is None else SignedCheckpoint.of(latest), last_verification=verification
    )


@query_route(
    router, "/checkpoints", "Every signed checkpoint after a tree size, oldest first (for witnesses)", responses=NOT_YET
)
async def checkpoints_after(
    request: Request,
    principal: Reader,
    after: Annotated[int, Query(ge=0, le=2**62, description="Checkpoints of larger trees than this")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHECKPOINTS)] = 100,
) -> CheckpointPage:
    found = await _read(request, lambda view: view.checkpoints_after(after, limit))
    return CheckpointPage(
        checkpoints=[SignedCheckpoint.of(c) for c in found], next_after=found[-1].tree_size if found else after
    )


@query_route(router, "/keys", "The public keys that sign checkpoints and receipts", responses=NOT_YET)
async def public_keys(request: Request, principal: Reader) -> PublicKeys:
    found = await _read(request, lambda view: view.public_keys())
    keys = []
    for kid, raw in sorted(found.items()):
        encoded = base64.b64encode(raw).decode()
        keys.append(PublicKey(key_id=kid, public_key=encoded, pem=public_pem(load_public_key(encoded))))
    return PublicKeys(keys=keys)


@query_route(
    router,
    "/proofs/inclusion",
    "The inclusion proof of an event (by position or id) in a tree",
    responses={**STORE_FAULT, 404: {"description": "No such event in the ledger (yet), or no ledger (`no_ledger`)"}},
)
async def inclusion_proof(
    request: Request,
    principal: Reader,
    tree_size: Annotated[int, Query(ge=1, le=2**62, description="The checkpoint's tree size")],
    position: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    event_id: Annotated[uuid.UUID | None, Query()] = None,
) -> InclusionProof:
    if (position is None) == (event_id is None):
        raise ApiError(422, "invalid_request", "give either position or event_id", field="position")

    def prove(view: LedgerFile) -> InclusionProof | None:
        index = view.index_of_position(position) if position is not None else view.index_of_event(event_id.bytes)  # type: ignore[union-attr]
        if index is None:
            return None
        _, at, raw_id, _ = view.entries(index - 1, 1)[0]
        path = view.tree.inclusion_proof(index, tree_size)
        return InclusionProof(
            metadata="",
            position=at,
            event_id=str(uuid.UUID(bytes=bytes(raw_id))),
            leaf_index=index,
            tree_size=tree_size,
            audit_path=[h.hex() for h in path],
        )

    proof = await _read(request, prove)
    if proof is None:
        raise ApiError(404, "not_found", "no such event in the ledger (yet)")
    found = await request.app.state.store.read_all(proof.position - 1, 1)
    if not found or found[0].position != proof.position:
        raise ApiError(404, "not_found", f"the store holds no event at position {proof.position}")
    proof.metadata = base64.b64encode(found[0].metadata).decode()
    return proof


@query_route(router, "/proofs/consistency", "The consistency proof between two tree sizes", responses=NOT_YET)
async def consistency_proof(
    request: Request,
    principal: Reader,
    from_size: Annotated[int, Query(ge=0, le=2**62, description="The older checkpoint's tree size")],
    to_size: Annotated[int, Query(ge=0, le=2**62, description="The newer checkpoint's tree size")],
) -> ConsistencyProof:
    proof = await _read(request, lambda view: view.tree.consistency_proof(from_size, to_size))
    return ConsistencyProof(from_size=from_size, to_size=to_size, proof=[h.hex() for h in proof])
