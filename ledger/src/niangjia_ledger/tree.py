"""An append-only RFC 9162 Merkle tree over a store of its nodes, with proofs in O(log n) reads.

Domain-free: leaves are 32-byte leaf hashes. Every node of a perfect subtree aligned on its own size
is kept under the id `level << 48 | index` (a leaf is level 0, so its id is its index); any root and
any proof then needs at most a few dozen of them, fetched in one read. Appending keeps the perfect
subtrees on the right edge in memory (the compact range) and writes each node once, when it is
complete, so a tree of n leaves holds 2n - popcount(n) nodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from niangjia_verifier.rfc9162 import HASH_SIZE, fold, node_hash, split

LEVEL_SHIFT = 48


def node_id(level: int, index: int) -> int:
    return level << LEVEL_SHIFT | index


class NodeStore(Protocol):
    """Where a tree keeps its nodes: the contract suite (tests/contract) runs against each."""

    def get_nodes(self, ids: Sequence[int]) -> dict[int, bytes]:
        """The nodes among `ids` that are stored, by id."""
        ...

    def put_nodes(self, nodes: Sequence[tuple[int, bytes]]) -> None:
        """Store new nodes (never an id already stored)."""
        ...


class TreeError(ValueError):
    """A size, index or range outside the tree; or a node store missing nodes it should hold."""


def range_blocks(start: int, end: int) -> list[tuple[int, int]]:
    """The aligned perfect subtrees (level, index) covering leaves [start, end), largest first.

    RFC 9162's recursion only ever needs ranges that start on a multiple of a power of two at least
    as large as the range, where this is the binary decomposition of its width, left to right.
    """
    blocks = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        blocks.append((level, start >> level))
        start += 1 << level
    return blocks


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose roots make PATH(index, D[0:size]), in the RFC's order (leaf upwards)."""
    siblings = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split(hi - lo)
        if index < lo + k:
            siblings.append((lo + k, hi))
            hi = lo + k
        else:
            siblings.append((lo, lo + k))
            lo += k
    siblings.reverse()
    return siblings


def consistency_ranges(size1: int, size2: int) -> list[tuple[int, int]]:
    """The leaf ranges whose roots make PROOF(size1, D[0:size2]) (RFC 9162 2.1.4.1), in its order."""
    if size1 in (0, size2):
        return []
    siblings = []
    lo, hi, m, whole = 0, size2, size1, True
    while m != hi - lo:
        k = split(hi - lo)
        if m <= k:
            siblings.append((lo + k, hi))
            hi = lo + k
        else:
            siblings.append((lo, lo + k))
            lo += k
            m -= k
            whole = False
    siblings.reverse()
    return siblings if whole else [(lo, hi), *siblings]


class MerkleTree:
    """The tree of the leaves appended to `store`; `size` leaves are there when it is opened."""

    def __init__(self, store: NodeStore, size: int = 0) -> None:
        self._store = store
        self.size = 0
        self._edge: list[bytes] = []
        if size:
            self._edge = self._fetch([node_id(*block) for block in range_blocks(0, size)])
            self.size = size

    def append(self, leaves: Iterable[bytes]) -> None:
        """Add leaf hashes at the end; their nodes go to the store in one call."""
        leaves = list(leaves)
        if any(len(leaf) != HASH_SIZE for leaf in leaves):
            raise TreeError(f"a leaf hash must be {HASH_SIZE} bytes")
        new: list[tuple[int, bytes]] = []
        add = new.append
        edge = self._edge
        size = self.size
        for leaf in leaves:
            add((size, leaf))
            node, index, level = leaf, size, 0
            while index & 1:
                node = node_hash(edge.pop(), node)
                index >>= 1
                level += 1
                add((level << LEVEL_SHIFT | index, node))
            edge.append(node)
            size += 1
        self._store.put_nodes(new)
        self.size = size

    def root(self, size: int | None = None) -> bytes:
        """The root of the first `size` leaves (all of them by default)."""
        if size is None or size == self.size:
            return fold(self._edge)
        self._check_size(size)
        return self._range_hashes([(0, size)])[0]

    def leaf(self, index: int) -> bytes:
        self._check_index(index, self.size)
        return self._fetch([index])[0]

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        self._check_size(size)
        self._check_index(index, size)
        return self._range_hashes(inclusion_ranges(index, size))

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        size2 = self.size if size2 is None else size2
        self._check_size(size2)
        if not 0 <= size1 <= size2:
            raise TreeError(f"no consistency proof from size {size1} to size {size2}")
        return self._range_hashes(consistency_ranges(size1, size2))

    def _range_hashes(self, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
        """The root of each range, from one fetch of every block they need."""
        blocks = [[node_id(*block) for block in range_blocks(lo, hi)] for lo, hi in ranges]
        wanted = sorted({i for ids in blocks for i in ids})
        found = dict(zip(wanted, self._fetch(wanted), strict=True))
        return [fold([found[i] for i in ids]) for ids in blocks]

    def _fetch(self, ids: Sequence[int]) -> list[bytes]:
        found = self._store.get_nodes(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise TreeError(f"the node store lacks {len(missing)} nodes of the tree (first id {missing[0]})")
        return [found[i] for i in ids]

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self.size:
            raise TreeError(f"tree size {size} is outside 0..{self.size}")

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        if not 0 <= index < size:
            raise TreeError(f"leaf index {index} is outside a tree of size {size}")
