"""The verifier's RFC 9162 algorithms against Certificate Transparency's published vectors and
against the RFC's recursion written out again in tests/support/rfc9162_reference.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from niangjia_verifier import CompactRange, ProofError, leaf_hash, root_of, verify_consistency, verify_inclusion

from tests.support import rfc9162_reference as ref

# The inputs, roots and proofs Certificate Transparency's Merkle tree tests publish (RFC 6962 hashing,
# unchanged in RFC 9162). Leaf indices there count from 1.
CT_INPUTS = [
    bytes.fromhex(x)
    for x in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f")
]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CT_CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
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
