"""The roots of a growing tree without keeping its leaves: the perfect subtrees along its right edge."""

from __future__ import annotations

from niangjia_verifier.rfc9162 import fold, node_hash


class CompactRange:
    """The tree of every leaf appended so far, in O(log n) memory; its root at any time.

    A tree of n leaves is the perfect subtrees of the powers of two in n (the largest first); a new
    leaf merges with the equal-sized subtrees on the right edge, as a binary counter carries.
    """

    __slots__ = ("_stack", "size")

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[bytes] = []

    def append(self, leaf: bytes) -> None:
        stack = self._stack
        carry = self.size
        while carry & 1:
            leaf = node_hash(stack.pop(), leaf)
            carry >>= 1
        stack.append(leaf)
        self.size += 1

    def root(self) -> bytes:
        return fold(self._stack)
