"""The checksum every stored event carries: a BLAKE2b digest of the bytes written for it.

It covers what the append wrote (id, stream, version, type, data, metadata), each part length-prefixed
so that no two different events encode alike. It does not cover the position: the store assigns that
as it inserts (the ledger's leaf hash, docs/ledger.md, covers it once the event is in the log). An
adapter computes it as it writes and compares it on every read; a mismatch is EventCorrupted.
"""

from __future__ import annotations

from hashlib import blake2b

CHECKSUM_BYTES = 16


def checksum(event_id: bytes, stream_id: str, stream_version: int, type_: str, data: bytes, metadata: bytes) -> bytes:
    stream = stream_id.encode()
    kind = type_.encode()
    digest = blake2b(digest_size=CHECKSUM_BYTES)
    digest.update(
        b"".join(
            (
                len(event_id).to_bytes(4, "big"),
                event_id,
                len(stream).to_bytes(4, "big"),
                stream,
                stream_version.to_bytes(8, "big", signed=True),
                len(kind).to_bytes(4, "big"),
                kind,
                len(data).to_bytes(4, "big"),
                len(metadata).to_bytes(4, "big"),
            )
        )
    )
    digest.update(data)
    digest.update(metadata)
    return digest.digest()
