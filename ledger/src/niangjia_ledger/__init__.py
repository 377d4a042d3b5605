"""A verifiable ledger over the event log: an RFC 9162 Merkle tree, signed checkpoints and proofs."""
