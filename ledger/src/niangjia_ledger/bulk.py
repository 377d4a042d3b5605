"""Hashing a whole log fast: leaves straight from the store's raw rows, the tree a page at a time.

`niangjia verify` reads every event of the log. Per event it builds no object but the row's tuple:
the canonical encoding (niangjia_verifier.leaf) is packed from the columns as stored and hashed with
the leaf prefix in one call; the tree grows by whole aligned perfect subtrees, each hashed level by
level, so that interior nodes cost one hash each and no per-leaf bookkeeping.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import sha256
from struct import Struct

from niangjia_eventstore import RawEvent
from niangjia_verifier.leaf import ENCODING_VERSION
from niangjia_verifier.rfc9162 import fold, node_hash

from niangjia_ledger.tree import range_blocks

_HEAD = Struct(">BBQ16sI")
"""The leaf prefix (0x00), the encoding's version, position, event id, stream id's length."""
_MIDDLE = Struct(">QI")
_TIME = Struct(">qI")
_LENGTH = Struct(">I")


def raw_leaf_hashes(rows: Sequence[RawEvent]) -> list[bytes]:
    """The leaf hash of each raw row: SHA-256(0x00 || encode_event(...)) without building the event."""
    head, middle, time, length = _HEAD.pack, _MIDDLE.pack, _TIME.pack, _LENGTH.pack
    join = b"".join
    hash_ = sha256
    version = ENCODING_VERSION
    return [
        hash_(
            join((head(0, version, p, e, len(s)), s, middle(v, len(t)), t, time(at, len(d)), d, length(len(m)), m))
        ).digest()
        for p, e, s, v, t, at, d, m in rows
    ]


def perfect_root(leaves: Sequence[bytes]) -> bytes:
    """The root of a perfect tree (a power of two of leaves), one level at a time."""
    if len(leaves) & (len(leaves) - 1) or not leaves:
        raise ValueError(f"not a perfect tree: {len(leaves)} leaves")
    level = leaves
    hash_, join = sha256, b"".join
    prefix = b"\x01"
    while len(level) > 1:
        pairs = iter(level)  # zip of one iterator with itself: each left with its right, no slices
        level = [hash_(join((prefix, left, right))).digest() for left, right in zip(pairs, pairs, strict=False)]
    return level[0]


class BulkTree:
    """The roots of a growing tree, fed runs of leaf hashes; O(log n) memory (the right edge)."""

    __slots__ = ("_edge", "size")

    def __init__(self) -> None:
        self.size = 0
        self._edge: list[tuple[int, bytes]] = []
        """The perfect subtrees of the tree, (level, root), the largest first."""

    def extend(self, leaves: Sequence[bytes]) -> None:
        at = 0
        for level, _ in range_blocks(self.size, self.size + len(leaves)):
            width = 1 << level
            self._push(level, perfect_root(leaves[at : at + width]) if width > 1 else leaves[at])
            at += width
        self.size += len(leaves)

    def _push(self, level: int, node: bytes) -> None:
        """Add an aligned perfect subtree after the last: equal neighbours merge, as a binary counter carries."""
        edge = self._edge
        while edge and edge[-1][0] == level:
            node = node_hash(edge.pop()[1], node)
            level += 1
        edge.append((level, node))

    def root(self) -> bytes:
        return fold([node for _, node in self._edge])
