"""The stored events' checksum: the bytes it digests never change (every store written before holds them)."""

from __future__ import annotations

import struct
from hashlib import blake2b

from hypothesis import given
from hypothesis import strategies as st
from niangjia_eventstore._checksum import checksum


def spelled_out(event_id: bytes, stream_id: str, version: int, type_: str, data: bytes, metadata: bytes) -> bytes:
    """The definition in one struct format: each length before its part, but the data's and the
    metadata's lengths both before the data; big-endian, the version signed."""
    stream, kind = stream_id.encode(), type_.encode()
    layout = f">I{len(event_id)}sI{len(stream)}sqI{len(kind)}sII"
    head = struct.pack(
        layout, len(event_id), event_id, len(stream), stream, version, len(kind), kind, len(data), len(metadata)
    )
    return blake2b(head + data + metadata, digest_size=16).digest()


def test_a_known_event_digests_as_it_always_has() -> None:
    digest = checksum(bytes(range(16)), "federation-wj-gxq", 0, "FederationFounded", b'{"a":1}', b"{}")
    assert digest.hex() == "50499094cdc19682a305b8b9b0219007"


@given(
    st.binary(max_size=20),
    st.text(max_size=40),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.text(max_size=30),
    st.binary(max_size=600),
    st.binary(max_size=200),
)
def test_every_event_digests_as_the_definition_says(
    event_id: bytes, stream_id: str, version: int, type_: str, data: bytes, metadata: bytes
) -> None:
    expected = spelled_out(event_id, stream_id, version, type_, data, metadata)
    assert checksum(event_id, stream_id, version, type_, data, metadata) == expected


def test_moving_a_byte_between_parts_changes_the_digest() -> None:
    assert checksum(b"i", "ab", 1, "c", b"d", b"") != checksum(b"i", "a", 1, "bc", b"d", b"")
    assert checksum(b"i", "s", 1, "t", b"da", b"ta") != checksum(b"i", "s", 1, "t", b"d", b"ata")
