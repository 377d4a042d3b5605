"""RFC 9162 section 2 written out again, as the RFC states it, to check our tree and verifier against.

The recursive definitions of MTH, PATH and PROOF (2.1.1, 2.1.3.1, 2.1.4.1) over a full list of
leaves, and verifiers that rebuild the roots by the same recursion rather than by the bit walk of
2.1.3.2 and 2.1.4.2 our verifier uses: two readings of one text that must agree.
"""

from __future__ import annotations

from hashlib import sha256


def h_leaf(data: bytes) -> bytes:
    return sha256(b"\x00" + data).digest()


def h_node(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right).digest()


def k_of(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: list[bytes]) -> bytes:
    """MTH over leaf hashes."""
    if not leaves:
        return sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = k_of(len(leaves))
    return h_node(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = k_of(len(leaves))
    if m < k:
        return [*path(m, leaves[:k]), mth(leaves[k:])]
    return [*path(m - k, leaves[k:]), mth(leaves[:k])]


def proof(m: int, leaves: list[bytes]) -> list[bytes]:
    return _subproof(m, leaves, True) if 0 < m < len(leaves) else []


def _subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = k_of(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], b), mth(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), mth(leaves[:k])]


def root_from_path(m: int, n: int, leaf: bytes, hashes: list[bytes]) -> bytes | None:
    """The root PATH leads to, rebuilt by the recursion; None when the proof has the wrong length."""
    if n == 1:
        return leaf if not hashes else None
    if not hashes:
        return None
    k = k_of(n)
    if m < k:
        inner = root_from_path(m, k, leaf, hashes[:-1])
        return None if inner is None else h_node(inner, hashes[-1])
    inner = root_from_path(m - k, n - k, leaf, hashes[:-1])
    return None if inner is None else h_node(hashes[-1], inner)


def consistent(m: int, n: int, root1: bytes, root2: bytes, hashes: list[bytes]) -> bool:
    if m == n:
        return root1 == root2 and not hashes
    if m == 0:
        return not hashes
    if not 0 < m < n:
        return False
    roots = _rebuild(m, n, True, root1, hashes)
    return roots == (root1, root2)


def _rebuild(m: int, n: int, b: bool, root1: bytes, hashes: list[bytes]) -> tuple[bytes, bytes] | None:
    """(old subtree root, new subtree root) that SUBPROOF's hashes rebuild, consuming all of them."""
    if m == n:
        if b:
            return (root1, root1) if not hashes else None
        return (hashes[0], hashes[0]) if len(hashes) == 1 else None
    if not hashes:
        return None
    k = k_of(n)
    if m <= k:
        inner = _rebuild(m, k, b, root1, hashes[:-1])
        return None if inner is None else (inner[0], h_node(inner[1], hashes[-1]))
    inner = _rebuild(m - k, n - k, False, root1, hashes[:-1])
    return None if inner is None else (h_node(hashes[-1], inner[0]), h_node(hashes[-1], inner[1]))
