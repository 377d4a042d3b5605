"""The bulk hashing `niangjia verify` uses agrees with the event-by-event leaves and the RFC's tree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from niangjia_eventstore import RecordedEvent
from niangjia_eventstore.port import raw_event
from niangjia_ledger.bulk import BulkTree, raw_leaf_hashes
from niangjia_ledger.leaves import leaf_hashes

from tests.support import rfc9162_reference as ref


def _event(n: int, data: bytes) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid4(),
        type="类型" if n % 2 else "Tested",
        data=data,
        metadata=b'{"actor":"t"}',
        stream_id=f"s-{n % 3}-流",
        stream_version=n,
        position=n * 3 + 1,
        recorded_at=datetime(2024, 7, 1, tzinfo=UTC) + timedelta(microseconds=n * 7),
    )


@settings(max_examples=50, deadline=None)
@given(st.lists(st.binary(max_size=50), max_size=20))
def test_raw_leaves_equal_the_events_leaves(payloads: list[bytes]) -> None:
    recorded = [_event(n, data) for n, data in enumerate(payloads)]
    assert raw_leaf_hashes([raw_event(e) for e in recorded]) == leaf_hashes(recorded)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=8))
def test_the_tree_fed_in_runs_has_the_rfc_root_after_every_run(runs: list[int]) -> None:
    leaves = [ref.h_leaf(bytes([n % 256, n // 256])) for n in range(sum(runs))]
    tree = BulkTree()
    assert tree.root() == ref.mth([])
    done = 0
    for run in runs:
        tree.extend(leaves[done : done + run])
        done += run
        assert tree.size == done
        assert tree.root() == ref.mth(leaves[:done])


@pytest.mark.parametrize("size", [1, 2, 3, 1024, 1025])
def test_one_run_of_any_size(size: int) -> None:
    leaves = [ref.h_leaf(n.to_bytes(4, "big")) for n in range(size)]
    tree = BulkTree()
    tree.extend(leaves)
    assert tree.root() == ref.mth(leaves)
