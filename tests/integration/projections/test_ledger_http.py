"""The ledger over HTTP on the projections service: the runner signs while the service runs, the
routes answer checkpoints, keys and proofs that niangjia_verifier accepts, and every report says
its log position and, when asked, comes with a signed receipt of its exact bytes."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from niangjia_eventstore import StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.auth import Role, TokenStore
from niangjia_ledger.verification import VERIFICATION_FILE
from niangjia_projections.bootstrap import build_app
from niangjia_projections.settings import ProjectionsSettings
from niangjia_verifier import (
    Checkpoint,
    ProofError,
    Receipt,
    encode_event,
    load_public_key,
    verify_checkpoints_consistent,
    verify_event_in_checkpoint,
)
from typer.testing import CliRunner

from niangjia.cli import build_app as cli_app
from tests.unit.projections.harness import founded, held, new_event

EVENTS = [founded("zone"), founded("e1", guided_by="zone"), held("a1", "zone", "2024-02-01", goods="10.00")]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str], Path]]:
    data = tmp_path_factory.mktemp("ledger-http")
    store = SQLiteEventStore(data / "events.db")
    for event in EVENTS:
        store.append_sync(event.stream_id, [new_event(event, "alice")], StreamState.ANY)
    store.close_sync()
    tokens = TokenStore(data / "tokens.json")
    issued = {role: tokens.issue(role.value, role)[1] for role in Role}
    with TestClient(build_app(ProjectionsSettings(data_dir=data, ledger_interval=0.05))) as client:
        yield client, {role.value: token for role, token in issued.items()}, data


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _latest(client: TestClient, token: str, size: int) -> Checkpoint:
    """The latest checkpoint once the runner has signed a tree of `size` (the runner polls; no timing asserted)."""
    for _ in range(500):
        answer = client.get("/ledger/checkpoints/latest", headers=_auth(token))
        if answer.status_code == 200 and answer.json()["tree_size"] >= size:
            return Checkpoint.from_json(answer.json())
        client.get("/health")
    raise AssertionError("the ledger never signed the tree")


def _key(client: TestClient, token: str) -> object:
    keys = client.get("/ledger/keys", headers=_auth(token)).json()["keys"]
    return {k["key_id"]: load_public_key(k["public_key"]) for k in keys}


def test_roles_that_may_read_the_ledger(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    _latest(client, tokens["auditor"], len(EVENTS))
    for role, status in {"auditor": 200, "integrator": 200, "admin": 200, "reporter": 403, "recorder": 403}.items():
        assert client.get("/ledger/keys", headers=_auth(tokens[role])).status_code == status, role
    assert client.get("/ledger/keys").status_code == 401


def test_an_event_is_proven_in_a_signed_checkpoint(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, data = service
    token = tokens["integrator"]
    checkpoint = _latest(client, token, len(EVENTS))
    keys = _key(client, token)
    feed = client.get("/feed", params={"after": 1, "limit": 1}, headers=_auth(token)).json()["events"][0]
    by_id = client.get(
        "/ledger/proofs/inclusion",
        params={"event_id": feed["envelope"]["event_id"], "tree_size": checkpoint.tree_size},
        headers=_auth(token),
    ).json()
    by_position = client.get(
        "/ledger/proofs/inclusion", params={"position": 2, "tree_size": checkpoint.tree_size}, headers=_auth(token)
    ).json()
    assert by_id == by_position and by_id["leaf_index"] == 1
    raw = _raw_event(data, 2)
    path = [bytes.fromhex(h) for h in by_id["audit_path"]]
    verify_event_in_checkpoint(keys, checkpoint, raw, 1, path)  # type: ignore[arg-type]
    forged = raw.replace(b"e1", b"e9")
    assert forged != raw
    with pytest.raises(ProofError):
        verify_event_in_checkpoint(keys, checkpoint, forged, 1, path)  # type: ignore[arg-type]


def test_consistency_between_checkpoints(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    token = tokens["auditor"]
    newest = _latest(client, token, len(EVENTS))
    page = client.get("/ledger/checkpoints", params={"after": 0}, headers=_auth(token)).json()
    first = Checkpoint.from_json(page["checkpoints"][0])
    proof = client.get(
        "/ledger/proofs/consistency",
        params={"from_size": first.tree_size, "to_size": newest.tree_size},
        headers=_auth(token),
    ).json()["proof"]
    verify_checkpoints_consistent(_key(client, token), first, newest, [bytes.fromhex(h) for h in proof])  # type: ignore[arg-type]


def test_bad_proof_requests_are_refused(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    auth = _auth(tokens["auditor"])
    _latest(client, tokens["auditor"], len(EVENTS))
    assert client.get("/ledger/proofs/inclusion", params={"tree_size": 1}, headers=auth).status_code == 422
    assert (
        client.get("/ledger/proofs/inclusion", params={"tree_size": 99, "position": 1}, headers=auth).status_code == 422
    )
    assert (
        client.get("/ledger/proofs/inclusion", params={"tree_size": 2, "position": 3}, headers=auth).status_code == 422
    )
    missing = {"tree_size": 1, "event_id": str(uuid.uuid4())}
    assert client.get("/ledger/proofs/inclusion", params=missing, headers=auth).status_code == 404
    assert (
        client.get("/ledger/proofs/consistency", params={"from_size": 3, "to_size": 1}, headers=auth).status_code == 422
    )


def test_reports_say_their_position_and_sign_a_receipt(service: tuple[TestClient, dict[str, str], Path]) -> None:
    client, tokens, _ = service
    auth = _auth(tokens["reporter"])
    plain = client.get("/campaigns/2024/Q1", params={"min_position": len(EVENTS)}, headers=auth)
    assert plain.headers["X-Log-Position"] == str(len(EVENTS)) and "X-Log-Receipt" not in plain.headers
    asked = client.get(
        "/campaigns/2024/Q1", params={"min_position": len(EVENTS)}, headers={**auth, "X-Log-Receipt": "true"}
    )
    assert asked.content == plain.content
    receipt = Receipt.from_json(json.loads(base64.b64decode(asked.headers["X-Log-Receipt"])))
    assert receipt.body_sha256 == hashlib.sha256(asked.content).hexdigest()
    assert (receipt.path, receipt.position, receipt.tree_size) == ("/campaigns/2024/Q1", len(EVENTS), len(EVENTS))
    assert receipt.query == [("min_position", str(len(EVENTS)))]
    receipt.verify(_key(client, tokens["auditor"]))  # type: ignore[arg-type]


def _raw_event(data: Path, position: int) -> bytes:
    import sqlite3

    with sqlite3.connect(data / "events.db") as conn:
        row = conn.execute(
            "SELECT position, event_id, stream_id, stream_version, type, recorded_at, data, metadata FROM events"
            " WHERE position = ?",
            (position,),
        ).fetchone()
    from datetime import UTC, datetime, timedelta

    at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=row[5])
    return encode_event(
        position=row[0],
        event_id=uuid.UUID(bytes=row[1]),
        stream_id=row[2],
        stream_version=row[3],
        type=row[4],
        recorded_at=at,
        data=row[6],
        metadata=row[7],
    )


def test_the_status_has_the_latest_checkpoint_and_the_last_verification(
    service: tuple[TestClient, dict[str, str], Path],
) -> None:
    client, tokens, data = service
    latest = _latest(client, tokens["auditor"], len(EVENTS))
    (data / VERIFICATION_FILE).unlink(missing_ok=True)
    status = client.get("/ledger/status", headers=_auth(tokens["auditor"]))
    assert status.status_code == 200
    assert status.json()["last_verification"] is None
    assert status.json()["latest_checkpoint"]["tree_size"] >= latest.tree_size
    assert client.get("/ledger/status", headers=_auth(tokens["reporter"])).status_code == 403

    verified = CliRunner().invoke(cli_app(), ["verify", "--data-dir", str(data)])  # while the service runs
    assert verified.exit_code == 0, verified.output
    after = client.get("/ledger/status", headers=_auth(tokens["integrator"])).json()["last_verification"]
    assert after["ok"] is True and after["finding"] is None
    assert after["events"] >= len(EVENTS) and after["checkpoints"] >= 1

    (data / VERIFICATION_FILE).write_text("{not json", encoding="utf-8")  # unreadable: as if never verified
    assert client.get("/ledger/status", headers=_auth(tokens["auditor"])).json()["last_verification"] is None
