"""The ledger's Ed25519 signing key: created on first start (owner-only) or given as a secret file."""

from __future__ import annotations

import base64
import dataclasses
import os
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from niangjia_verifier import Checkpoint, Receipt, key_id


class LedgerKeyError(RuntimeError):
    """The key file is missing, unreadable or not an Ed25519 private key; the message says which."""


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LedgerKeyError(f"cannot read the ledger key {path}: {exc.strerror}") from exc
    try:
        key = serialization.load_pem_private_key(raw, password=None)
    except (ValueError, TypeError) as exc:
        raise LedgerKeyError(f"{path} is not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerKeyError(f"{path} holds a private key that is not Ed25519")
    return key


def create_signing_key(path: Path) -> Ed25519PrivateKey:
    """A new key in a new file readable by its owner only (0600); never overwrites a file."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())
    return key


def load_or_create_signing_key(path: Path) -> tuple[Ed25519PrivateKey, bool]:
    """The key in `path`, creating it first when there is none; and whether it was created."""
    if path.exists():
        return load_signing_key(path), False
    try:
        return create_signing_key(path), True
    except FileExistsError:  # another process created it meanwhile
        return load_signing_key(path), False


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


class Signer:
    """Signs checkpoints with one key; its key id goes into each checkpoint it signs."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public_key = key.public_key()
        self.key_id = key_id(self.public_key)

    @property
    def public_base64(self) -> str:
        return base64.b64encode(public_raw(self.public_key)).decode()

    def sign(self, *, log_id: str, tree_size: int, root_hash: bytes, at: datetime) -> Checkpoint:
        unsigned = Checkpoint(log_id=log_id, tree_size=tree_size, root_hash=root_hash, timestamp=at, key_id=self.key_id)
        return Checkpoint(
            log_id=log_id,
            tree_size=tree_size,
            root_hash=root_hash,
            timestamp=at,
            key_id=self.key_id,
            signature=self._key.sign(unsigned.body()),
        )

    def sign_receipt(self, unsigned: Receipt) -> Receipt:
        """The receipt with this key's id and its signature."""
        receipt = dataclasses.replace(unsigned, key_id=self.key_id, signature=b"")
        return dataclasses.replace(receipt, signature=self._key.sign(receipt.body()))
