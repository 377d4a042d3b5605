"""Signed checkpoints: {log id, tree size, root hash, time}, signed with Ed25519 (docs/ledger.md).

The signature covers the checkpoint's body, UTF-8 text with one field a line:

    niangjia-checkpoint/v1
    log_id <log id>
    tree_size <decimal>
    root_hash <64 lowercase hex digits>
    time <YYYY-MM-DDTHH:MM:SS.ffffffZ>
    key_id <16 lowercase hex digits: the first 8 bytes of SHA-256 of the raw public key>

The JSON form carries the same fields and the signature in base64; the body is rebuilt from the
fields, so nothing but the fields can be signed. The key id names the key that signed, so that
checkpoints signed before a key rotation still verify with the old public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from niangjia_verifier.rfc9162 import HASH_SIZE

HEADER = "niangjia-checkpoint/v1"
_LOG_ID = re.compile(r"[A-Za-z0-9._:/-]{1,200}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")


class CheckpointError(ValueError):
    """A checkpoint that is malformed, or whose signature does not verify; the message says which."""


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:8].hex()


PublicKeys = Mapping[str, Ed25519PublicKey] | Ed25519PublicKey
"""The keys a signature may be checked with, by key id (or the one key)."""


def verify_signature(
    public_keys: PublicKeys, signer: str, signature: bytes, body: bytes, *, error: type[Exception], what: str
) -> None:
    """Raise `error`, saying why of `what`, unless the key `signer` among `public_keys` signed
    `body` with `signature`."""
    if isinstance(public_keys, Ed25519PublicKey):
        public_keys = {key_id(public_keys): public_keys}
    key = public_keys.get(signer)
    if key is None:
        raise error(f"{what} is signed by an unknown key {signer}")
    try:
        key.verify(signature, body)
    except InvalidSignature:
        raise error(f"{what}: the signature does not verify with key {signer}") from None


def load_public_key(text: str | bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM (SubjectPublicKeyInfo) or from base64 of its 32 raw bytes."""
    raw = text.encode() if isinstance(text, str) else text
    try:
        if raw.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(raw)
            if not isinstance(key, Ed25519PublicKey):
                raise CheckpointError("the PEM public key is not an Ed25519 key")
            return key
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(raw.strip(), validate=True))
    except (ValueError, binascii.Error) as exc:
        if isinstance(exc, CheckpointError):
            raise
        raise CheckpointError(f"not an Ed25519 public key (PEM, or base64 of 32 bytes): {exc}") from exc


def format_time(at: datetime) -> str:
    if at.tzinfo is None:
        raise CheckpointError("a checkpoint's time must be an aware datetime")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"time {text!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ") from exc


@dataclass(frozen=True, slots=True, kw_only=True)
class Checkpoint:
    log_id: str
    tree_size: int
    root_hash: bytes
    timestamp: datetime
    key_id: str
    signature: bytes = b""

    def __post_init__(self) -> None:
        if not isinstance(self.log_id, str) or not _LOG_ID.fullmatch(self.log_id):
            raise CheckpointError(f"log id {self.log_id!r}: 1-200 of A-Z a-z 0-9 . _ : / -")
        if isinstance(self.tree_size, bool) or not isinstance(self.tree_size, int) or self.tree_size < 0:
            raise CheckpointError(f"tree size must be an integer >= 0, got {self.tree_size!r}")
        if not isinstance(self.root_hash, bytes) or len(self.root_hash) != HASH_SIZE:
            raise CheckpointError(f"root hash must be {HASH_SIZE} bytes")
        if not isinstance(self.key_id, str) or not _KEY_ID.fullmatch(self.key_id):
            raise CheckpointError(f"key id {self.key_id!r}: 16 lowercase hex digits")
        format_time(self.timestamp)

    def body(self) -> bytes:
        """The signed bytes."""
        return (
            f"{HEADER}\nlog_id {self.log_id}\ntree_size {self.tree_size}\nroot_hash {self.root_hash.hex()}\n"
            f"time {format_time(self.timestamp)}\nkey_id {self.key_id}\n"
        ).encode()

    def verify(self, public_keys: PublicKeys) -> None:
        """Raise CheckpointError unless the key it names (among `public_keys`) signed it."""
        what = f"checkpoint of size {self.tree_size}"
        verify_signature(public_keys, self.key_id, self.signature, self.body(), error=CheckpointError, what=what)

    def to_json(self) -> dict[str, Any]:
        return {
            "log_id": self.log_id,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash.hex(),
            "time": format_time(self.timestamp),
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode(),
        }

    @classmethod
    def from_json(cls, value: Any) -> Checkpoint:
        if not isinstance(value, dict):
            raise CheckpointError("a checkpoint is a JSON object")
        missing = {"log_id", "tree_size", "root_hash", "time", "key_id", "signature"} - set(value)
        if missing:
            raise CheckpointError(f"a checkpoint needs {', '.join(sorted(missing))}")
        try:
            root = bytes.fromhex(value["root_hash"])
            signature = base64.b64decode(value["signature"], validate=True)
        except (TypeError, ValueError, binascii.Error) as exc:
            raise CheckpointError(f"root_hash must be hex and signature base64: {exc}") from exc
        return cls(
            log_id=value["log_id"],
            tree_size=value["tree_size"],
            root_hash=root,
            timestamp=parse_time(value["time"]),
            key_id=value["key_id"],
            signature=signature,
        )
