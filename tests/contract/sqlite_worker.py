"""A separate process that appends to a SQLite event store file, for the cross-process tests.

usage: sqlite_worker.py PATH append STREAM COUNT          appends COUNT events with ANY, one per commit
       sqlite_worker.py PATH race STREAM GO_FILE         waits for GO_FILE, appends with NO_STREAM, prints won/lost
       sqlite_worker.py PATH stamp STREAM                 appends one event, prints the wall-clock time of the commit
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from uuid import uuid4

from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState, WrongExpectedVersion


def _event(n: int) -> NewEvent:
    return NewEvent(event_id=uuid4(), type="Tested", data=json.dumps({"n": n}).encode())


def main(path: str, command: str, stream_id: str, arg: str = "") -> None:
    store = SQLiteEventStore(path)
    try:
        if command == "append":
            for n in range(int(arg)):
                store.append_sync(stream_id, [_event(n)], StreamState.ANY)
        elif command == "race":
            go = Path(arg)
            while not go.exists():
                time.sleep(0.001)
            try:
                store.append_sync(stream_id, [_event(0)], StreamState.NO_STREAM)
                print("won")
            except WrongExpectedVersion:
                print("lost")
        elif command == "stamp":
            store.append_sync(stream_id, [_event(0)], StreamState.NO_STREAM)
            print(time.time())
    finally:
        store.close_sync()


if __name__ == "__main__":
    main(*sys.argv[1:])
