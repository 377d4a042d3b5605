"""The verifier's RFC 9162 algorithms against Certificate Transparency's published vectors and
against the RFC's recursion written out again in tests/support/rfc9162_reference.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from niangjia_verifier import CompactRange, ProofError, leaf_hash, root_of, verify_consistency, verify_inclusion

from tests.support import rfc9162_reference as ref

# The inputs, roots and proofs Certificate Transparency's Merkle tree tests publish (RFC 6962 hashing,
# unchanged in RFC 9162), kept as data beside this file. Leaf indices there count from 1.
_CT = json.loads((Path(__file__).parent / "ct_vectors.json").read_text(encoding="utf-8"))
CT_INPUTS = [bytes.fromhex(x) for x in _CT["inputs"]]
CT_ROOTS: list[str] = _CT["roots"]
CT_INCLUSION = [(v["leaf"], v["size"], v["path"]) for v in _CT["inclusion"]]
CT_CONSISTENCY = [(v["size1"], v["size2"], v["proof"]) for v in _CT["consistency"]]
CT_LEAVES = [leaf_hash(x) for x in CT_INPUTS]


def _root(size: int) -> bytes:
    return bytes.fromhex(CT_ROOTS[size])


def test_roots_of_every_size_match_the_published_ones() -> None:
    for size in range(9):
        assert root_of(CT_LEAVES[:size]) == _root(size)
        compact = CompactRange()
        for leaf in CT_LEAVES[:size]:
            compact.append(leaf)
        assert compact.root() == _root(size)


@pytest.mark.parametrize(("leaf", "size", "hashes"), CT_INCLUSION)
def test_published_inclusion_proofs_verify_and_match_the_reference(leaf: int, size: int, hashes: list[str]) -> None:
    proof = [bytes.fromhex(x) for x in hashes]
    assert ref.path(leaf - 1, CT_LEAVES[:size]) == proof
    verify_inclusion(leaf - 1, size, CT_LEAVES[leaf - 1], proof, _root(size))
    with pytest.raises(ProofError):
        verify_inclusion(leaf - 1, size, CT_LEAVES[leaf - 1], proof, _root(size - 1))


@pytest.mark.parametrize(("size1", "size2", "hashes"), CT_CONSISTENCY)
def test_published_consistency_proofs_verify_and_match_the_reference(size1: int, size2: int, hashes: list[str]) -> None:
    proof = [bytes.fromhex(x) for x in hashes]
    assert ref.proof(size1, CT_LEAVES[:size2]) == proof
    verify_consistency(size1, size2, _root(size1), _root(size2), proof)
    if proof:
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, _root(size2), _root(size1), proof)


leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=70).map(lambda xs: [leaf_hash(x) for x in xs])


@given(leaves=leaf_lists, data=st.data())
def test_inclusion_verifier_agrees_with_the_reference_on_good_and_corrupted_proofs(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1))
    root = ref.mth(leaves)
    proof = ref.path(index, leaves)
    assert ref.root_from_path(index, size, leaves[index], proof) == root
    verify_inclusion(index, size, leaves[index], proof, root)
    bad_index = data.draw(st.integers(0, size + 2))
    bad_size = data.draw(st.integers(1, size + 3))
    bad_proof = data.draw(st.sampled_from([proof, proof[:-1], [*proof, root], [bytes(32), *proof[1:]]]))
    expected = bad_index < bad_size and ref.root_from_path(bad_index, bad_size, leaves[index], bad_proof) == root
    try:
        verify_inclusion(bad_index, bad_size, leaves[index], bad_proof, root)
        accepted = True
    except ProofError:
        accepted = False
    assert accepted == expected


@given(leaves=leaf_lists, data=st.data())
def test_consistency_verifier_agrees_with_the_reference_on_good_and_corrupted_proofs(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size2 = len(leaves)
    size1 = data.draw(st.integers(0, size2))
    root1, root2 = ref.mth(leaves[:size1]), ref.mth(leaves)
    proof = ref.proof(size1, leaves)
    assert ref.consistent(size1, size2, root1, root2, proof)
    verify_consistency(size1, size2, root1, root2, proof)
    claimed1 = data.draw(st.integers(0, size2 + 1))
    bad = data.draw(st.sampled_from([proof, proof[:-1], [*proof, root1], [root2, *proof]]))
    expected = claimed1 <= size2 and ref.consistent(claimed1, size2, root1, root2, bad)
    try:
        verify_consistency(claimed1, size2, root1, root2, bad)
        accepted = True
    except ProofError:
        accepted = False
    assert accepted == expected


def test_malformed_hashes_are_refused() -> None:
    with pytest.raises(ProofError, match="32 bytes"):
        verify_inclusion(0, 1, b"short", [], _root(1))
    with pytest.raises(ProofError, match="outside"):
        verify_inclusion(1, 1, CT_LEAVES[0], [], _root(1))
