"""The Merkle tree's contract, run over each node store: roots and proofs as RFC 9162 defines them
(checked against the RFC's recursion in tests/support/rfc9162_reference.py), kept across a reopen."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from niangjia_ledger.nodes import MemoryNodeStore, SQLiteNodeStore
from niangjia_ledger.tree import MerkleTree, NodeStore, TreeError
from niangjia_verifier import leaf_hash, verify_consistency, verify_inclusion

from tests.support import rfc9162_reference as ref

StoreFactory = Callable[[], NodeStore]


@pytest.fixture(params=["memory", "sqlite"])
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Makes fresh stores; a SQLite one is a new file each time, and `reopen` of the last one."""
    if request.param == "memory":
        yield MemoryNodeStore
        return
    conns: list[sqlite3.Connection] = []

    def make() -> NodeStore:
        conn = sqlite3.connect(tmp_path / f"tree-{len(conns)}.db", isolation_level=None)
        conns.append(conn)
        return SQLiteNodeStore(conn)

    yield make
    for conn in conns:
        conn.close()


def _leaves(n: int, seed: int = 0) -> list[bytes]:
    return [leaf_hash(f"{seed}-{i}".encode()) for i in range(n)]


def test_an_empty_tree_has_the_empty_root(new_store: StoreFactory) -> None:
    tree = MerkleTree(new_store())
    assert tree.size == 0
    assert tree.root() == ref.mth([])


def test_every_prefix_root_matches_the_rfc(new_store: StoreFactory) -> None:
    leaves = _leaves(70)
    tree = MerkleTree(new_store())
    for leaf in leaves:
        tree.append([leaf])
        assert tree.root() == ref.mth(leaves[: tree.size])
    for size in range(71):
        assert tree.root(size) == ref.mth(leaves[:size])


def test_inclusion_proofs_for_every_leaf_and_size_match_the_rfc_and_verify(new_store: StoreFactory) -> None:
    leaves = _leaves(37)
    tree = MerkleTree(new_store())
    tree.append(leaves)
    for size in range(1, 38):
        root = ref.mth(leaves[:size])
        for index in range(size):
            proof = tree.inclusion_proof(index, size)
            assert proof == ref.path(index, leaves[:size])
            verify_inclusion(index, size, tree.leaf(index), proof, root)


def test_consistency_proofs_between_every_two_sizes_match_the_rfc_and_verify(new_store: StoreFactory) -> None:
    leaves = _leaves(37)
    tree = MerkleTree(new_store())
    tree.append(leaves)
    for size2 in range(38):
        for size1 in range(size2 + 1):
            proof = tree.consistency_proof(size1, size2)
            assert proof == ref.proof(size1, leaves[:size2])
            verify_consistency(size1, size2, tree.root(size1), tree.root(size2), proof)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(batches=st.lists(st.integers(0, 40), min_size=1, max_size=6), data=st.data())
def test_a_tree_appended_in_batches_and_reopened_is_the_same_tree(
    new_store: StoreFactory, batches: list[int], data: st.DataObject
) -> None:
    store = new_store()
    leaves = _leaves(sum(batches), seed=len(batches))
    tree = MerkleTree(store)
    at = 0
    for count in batches:
        tree = MerkleTree(store, tree.size)  # reopened between batches, as after a restart
        tree.append(leaves[at : at + count])
        at += count
    assert tree.root() == ref.mth(leaves)
    if leaves:
        index = data.draw(st.integers(0, len(leaves) - 1))
        assert tree.inclusion_proof(index) == ref.path(index, leaves)


def test_sizes_and_indices_outside_the_tree_are_refused(new_store: StoreFactory) -> None:
    tree = MerkleTree(new_store())
    tree.append(_leaves(5))
    with pytest.raises(TreeError):
        tree.root(6)
    with pytest.raises(TreeError):
        tree.inclusion_proof(5)
    with pytest.raises(TreeError):
        tree.inclusion_proof(2, 2)
    with pytest.raises(TreeError):
        tree.consistency_proof(4, 3)
    with pytest.raises(TreeError):
        tree.append([b"not a hash"])
    assert tree.size == 5


def test_opening_with_more_leaves_than_the_store_holds_is_refused(new_store: StoreFactory) -> None:
    store = new_store()
    MerkleTree(store).append(_leaves(3))
    with pytest.raises(TreeError, match="lacks"):
        MerkleTree(store, 4)
