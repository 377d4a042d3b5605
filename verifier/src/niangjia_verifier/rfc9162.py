"""The Merkle tree of RFC 9162 section 2: hashes, roots and the two proof verifications.

SHA-256; a leaf is hashed as SHA-256(0x00 || data), an interior node as SHA-256(0x01 || left ||
right), and the empty tree's root is SHA-256 of nothing. A tree of n leaves splits at k, the largest
power of two below n. Proofs are lists of 32-byte hashes in the RFC's order (from the leaf upwards).
Leaf indices count from 0. Only the standard library is used, so an integrator can check a proof
without installing anything of ours but this package.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from hashlib import sha256

HASH_SIZE = 32
EMPTY_ROOT = sha256(b"").digest()


class ProofError(ValueError):
    """A proof that does not prove what it claims; the message says which check failed."""


def leaf_hash(data: bytes) -> bytes:
    return sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right).digest()


def split(n: int) -> int:
    """k of RFC 9162: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over a list of leaf hashes, by the RFC's recursion (for small lists and for checking)."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = split(n)
    return node_hash(root_of(leaf_hashes[:k]), root_of(leaf_hashes[k:]))


def fold(subtree_roots: Sequence[bytes]) -> bytes:
    """The root of a tree from the roots of its perfect subtrees, largest (leftmost) first."""
    if not subtree_roots:
        return EMPTY_ROOT
    root = subtree_roots[-1]
    for left in reversed(subtree_roots[:-1]):
        root = node_hash(left, root)
    return root


def _check_hashes(*hashes: bytes) -> None:
    for value in hashes:
        if not isinstance(value, bytes) or len(value) != HASH_SIZE:
            raise ProofError(f"a hash must be {HASH_SIZE} bytes, got {value!r:.80}")


def _walk(fn: int, sn: int, proof: Sequence[bytes], what: str, height: str) -> Iterator[tuple[bytes, bool]]:
    """The RFC's climb from node `fn` of last node `sn`: each proof hash, and whether it is a left sibling.

    Both verifications take the same steps; `what` and `height` name the proof and its tree in the errors."""
    for p in proof:
        if sn == 0:
            raise ProofError(f"{what} is longer than {height}")
        left = bool(fn & 1 or fn == sn)
        yield p, left
        if left:
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError(f"{what} is shorter than {height}")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that `proof` leads to from `leaf` at `index` in a tree of `size` (RFC 9162 2.1.3.2)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    _check_hashes(leaf, *proof)
    r = leaf
    for p, left in _walk(index, size - 1, proof, "the inclusion proof", "the tree is high"):
        r = node_hash(p, r) if left else node_hash(r, p)
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise ProofError unless `leaf` is at `index` in the tree of `size` whose root is `root`."""
    _check_hashes(root)
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError(f"the inclusion proof of leaf {index} does not lead to the root of size {size}")


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]) -> None:
    """Raise ProofError unless the tree of `size1` is a prefix of the tree of `size2` (RFC 9162 2.1.4.2)."""
    _check_hashes(root1, root2, *proof)
    if not 0 <= size1 <= size2:
        raise ProofError(f"sizes {size1} and {size2}: the first tree must not be larger than the second")
    if size1 == size2:
        if proof:
            raise ProofError("trees of one size need an empty consistency proof")
        if root1 != root2:
            raise ProofError(f"two different roots for one tree size {size1}")
        return
    if size1 == 0:
        if proof:
            raise ProofError("the empty tree needs an empty consistency proof")
        return
    if not proof:
        raise ProofError("an empty consistency proof between different sizes")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c, left in _walk(fn, sn, path[1:], "the consistency proof", "the trees need"):
        if left:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
        else:
            sr = node_hash(sr, c)
    if fr != root1:
        raise ProofError(f"the consistency proof does not lead to the root of size {size1}")
    if sr != root2:
        raise ProofError(f"the consistency proof does not lead to the root of size {size2}")
