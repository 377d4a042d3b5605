"""Check niangjia's ledger without its services: only the standard library and `cryptography`.

    from niangjia_verifier import Checkpoint, encode_event, load_public_key, verify_event_in_checkpoint

    key = load_public_key(open("ledger.pub").read())
    checkpoint = Checkpoint.from_json(checkpoint_json)
    verify_event_in_checkpoint(key, checkpoint, encode_event(**event_fields), index, proof)

Every check raises (CheckpointError, ProofError) when it fails and returns None when it holds.
"""

from collections.abc import Mapping, Sequence

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from niangjia_verifier.checkpoint import Checkpoint, CheckpointError, key_id, load_public_key, parse_time
from niangjia_verifier.compact import CompactRange
from niangjia_verifier.leaf import encode_event, microseconds
from niangjia_verifier.receipt import Receipt, ReceiptError
from niangjia_verifier.rfc9162 import (
    EMPTY_ROOT,
    ProofError,
    leaf_hash,
    node_hash,
    root_from_inclusion_proof,
    root_of,
    verify_consistency,
    verify_inclusion,
)


def verify_event_in_checkpoint(
    public_keys: Mapping[str, Ed25519PublicKey] | Ed25519PublicKey,
    checkpoint: Checkpoint,
    encoded_event: bytes,
    index: int,
    proof: Sequence[bytes],
) -> None:
    """The checkpoint is signed by a trusted key, and the event is leaf `index` of the tree it signs."""
    checkpoint.verify(public_keys)
    verify_inclusion(index, checkpoint.tree_size, leaf_hash(encoded_event), proof, checkpoint.root_hash)


def verify_checkpoints_consistent(
    public_keys: Mapping[str, Ed25519PublicKey] | Ed25519PublicKey,
    older: Checkpoint,
    newer: Checkpoint,
    proof: Sequence[bytes],
) -> None:
    """Both checkpoints are signed by trusted keys, of one log, and the older tree is a prefix of the newer."""
    older.verify(public_keys)
    newer.verify(public_keys)
    if older.log_id != newer.log_id:
        raise CheckpointError(f"checkpoints of two logs: {older.log_id} and {newer.log_id}")
    verify_consistency(older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, proof)


__all__ = [
    "EMPTY_ROOT",
    "Checkpoint",
    "CheckpointError",
    "CompactRange",
    "ProofError",
    "Receipt",
    "ReceiptError",
    "encode_event",
    "key_id",
    "leaf_hash",
    "load_public_key",
    "microseconds",
    "node_hash",
    "parse_time",
    "root_from_inclusion_proof",
    "root_of",
    "verify_checkpoints_consistent",
    "verify_consistency",
    "verify_event_in_checkpoint",
    "verify_inclusion",
]
