"""Signed report receipts: which report, the SHA-256 of its exact bytes, and the log it was computed from.

A receipt says: the report at `path` with `query` (and, for a token limited to a region, that
`scope`) answered these bytes (`body_sha256`) when the read models stood at log `position`, that
is after the first `tree_size` events, whose tree root is `root_hash`. The ledger's key signs

    niangjia-receipt/v1\\n<the other fields as JSON: keys sorted, no spaces, UTF-8>

so that anyone with the public key can check a receipt, and `niangjia verify-report` can rebuild
the report from the log up to `position` and compare the bytes and the root.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from typing import Any

from niangjia_verifier.checkpoint import PublicKeys, verify_signature

HEADER = b"niangjia-receipt/v1\n"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_FIELDS = (
    "path",
    "query",
    "scope",
    "body_sha256",
    "as_of",
    "known_at",
    "position",
    "tree_size",
    "root_hash",
    "log_id",
    "key_id",
    "signed_at",
)


class ReceiptError(ValueError):
    """A receipt that is malformed or whose signature does not verify; the message says which."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Receipt:
    path: str
    query: list[tuple[str, str]]
    scope: str | None
    body_sha256: str
    as_of: str | None
    known_at: str | None
    position: int
    tree_size: int
    root_hash: str
    log_id: str
    key_id: str
    signed_at: str
    signature: bytes = field(default=b"", repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.path, str) or not self.path.startswith("/"):
            raise ReceiptError(f"a receipt's path starts with '/', got {self.path!r}")
        for name in ("body_sha256", "root_hash"):
            if not isinstance(getattr(self, name), str) or not _HEX64.fullmatch(getattr(self, name)):
                raise ReceiptError(f"{name} must be 64 lowercase hex digits")
        for name in ("position", "tree_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ReceiptError(f"{name} must be an integer >= 0, got {value!r}")

    def fields(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in _FIELDS}
        values["query"] = [list(pair) for pair in self.query]
        return values

    def body(self) -> bytes:
        """The signed bytes."""
        return HEADER + json.dumps(self.fields(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def verify(self, public_keys: PublicKeys) -> None:
        """Raise ReceiptError unless the key it names (among `public_keys`) signed it."""
        verify_signature(public_keys, self.key_id, self.signature, self.body(), error=ReceiptError, what="the receipt")

    def to_json(self) -> dict[str, Any]:
        return {**self.fields(), "signature": base64.b64encode(self.signature).decode()}

    @classmethod
    def from_json(cls, value: Any) -> Receipt:
        if not isinstance(value, dict):
            raise ReceiptError("a receipt is a JSON object")
        missing = {*_FIELDS, "signature"} - set(value)
        if missing:
            raise ReceiptError(f"a receipt needs {', '.join(sorted(missing))}")
        try:
            signature = base64.b64decode(value["signature"], validate=True)
            query = [(str(k), str(v)) for k, v in value["query"]]
        except (TypeError, ValueError, binascii.Error) as exc:
            raise ReceiptError(f"signature must be base64 and query a list of [name, value]: {exc}") from exc
        return cls(**{name: value[name] for name in _FIELDS if name != "query"}, query=query, signature=signature)
