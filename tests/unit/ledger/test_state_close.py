"""Closing the ledger's file waits for a write under way: the ledger writes on a worker thread, which
a cancelled task leaves running, and a connection closed under it crashes the process."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from niangjia_ledger.state import LedgerFile


def test_close_waits_for_the_append_under_way_and_the_append_is_kept(tmp_path: Path) -> None:
    ledger = LedgerFile(tmp_path / "ledger.db")
    inside, go_on = threading.Event(), threading.Event()
    leaf = hashlib.sha256(b"\x00event").digest()

    class SlowTree:
        """The tree, held up inside the append's transaction until the test lets it go on."""

        def __init__(self, tree: object) -> None:
            self.tree = tree

        def append(self, leaves: list[bytes]) -> None:
            inside.set()
            go_on.wait(5)
            self.tree.append(leaves)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self.tree, name)

    ledger.tree = SlowTree(ledger.tree)  # type: ignore[assignment]
    writer = threading.Thread(target=ledger.append, args=([(1, bytes(16), leaf)],))
    writer.start()
    assert inside.wait(5)
    closer = threading.Thread(target=ledger.close)
    closer.start()
    closer.join(0.3)
    assert closer.is_alive()  # waiting for the write
    go_on.set()
    writer.join(5)
    closer.join(5)
    assert not closer.is_alive()
    reopened = LedgerFile(tmp_path / "ledger.db")
    assert reopened.size == 1 and reopened.leaves(0, 1)[0][1] == leaf
    reopened.close()
