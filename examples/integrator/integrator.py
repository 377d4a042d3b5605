"""An example integrator: every niangjia event from NATS JetStream, checked against the contracts.

    NIANGJIA_NATS_URL=nats://127.0.0.1:4222 NIANGJIA_NATS_NKEY_FILE=my-key.nk \
        python examples/integrator/integrator.py [tally.db]

- the key: the subscribe-only NATS key the operator created for you with
  `niangjia tokens create --role integrator` (NATS refuses connections without one)

- a durable pull consumer ("example-integrator"): after a restart or an outage it carries on from
  the first event it has not acknowledged; nothing is skipped
- `batch_size=1`: one message at a time, so events arrive in store order
- `AckPolicy.NACK_ON_ERROR`: an exception redelivers the message (FastStream's default would drop it)
- every payload is validated with the `niangjia_contracts` models, the envelope from its header
- the tally lives in SQLite and counts each event id once, so a redelivery changes nothing
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from faststream import AckPolicy, FastStream
from faststream.nats import ConsumerConfig, DeliverPolicy, JStream, NatsBroker, NatsMessage, NatsNKey, PullSub
from niangjia_contracts import EVENT_TYPES, Envelope

STREAM = "NIANGJIA_EVENTS"
DURABLE = "example-integrator"


class Tally:
    """Events counted by type, each event id once (the count survives restarts)."""

    def __init__(self, path: Path | str) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS seen (event_id TEXT PRIMARY KEY, event_type TEXT NOT NULL, position INTEGER)"
        )

    def record(self, envelope: Envelope) -> bool:
        """True the first time this event id is seen; False for a redelivery."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO seen VALUES (?, ?, ?)",
            (str(envelope.event_id), envelope.event_type, envelope.position),
        )
        return cursor.rowcount == 1

    def counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT event_type, count(*) FROM seen GROUP BY event_type ORDER BY event_type")
        return {event_type: count for event_type, count in rows}

    def total(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM seen").fetchone()[0])

    def positions(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT position FROM seen ORDER BY rowid")]


def build(url: str, tally: Tally, nkey_file: Path | str) -> FastStream:
    broker = NatsBroker(
        url,
        security=NatsNKey.from_file(nkey_file),  # the integrator's own key: it may read, never publish
        max_reconnect_attempts=-1,  # keep reconnecting, however long NATS is away
    )
    stream = JStream(STREAM, declare=False)  # the relay owns the stream: never create or change it

    @broker.subscriber(
        "niangjia.>",
        stream=stream,
        durable=DURABLE,
        pull_sub=PullSub(batch_size=1, timeout=1.0),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_wait=30),
    )
    async def on_event(body: Any, msg: NatsMessage) -> None:
        headers = msg.headers
        envelope = Envelope.model_validate_json(headers["Niangjia-Envelope"])
        model = EVENT_TYPES[envelope.event_type]
        model.model_validate_json(msg.body)  # raises (and so redelivers) when the payload breaks the contract
        tally.record(envelope)

    return FastStream(broker)


async def main() -> None:
    url = os.environ.get("NIANGJIA_NATS_URL", "nats://127.0.0.1:4222")
    tally = Tally(sys.argv[1] if len(sys.argv) > 1 else "tally.db")
    app = build(url, tally, os.environ["NIANGJIA_NATS_NKEY_FILE"])
    await app.run()


if __name__ == "__main__":
    asyncio.run(main())
