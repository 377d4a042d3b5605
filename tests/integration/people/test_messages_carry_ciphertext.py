"""What the relay publishes to NATS for the people's events: the sealed ciphertext and the key id,
never a name or a number (in the body or in any header)."""

from __future__ import annotations

import json
from pathlib import Path

from niangjia_eventstore import SQLiteEventStore
from niangjia_relay.messages import to_message

from tests.integration.people.bodies import WUJIN
from tests.integration.people.test_erasure_end_to_end import NAME, SECRETS, record
from tests.support.processes import issue_token


def test_every_message_of_the_log_carries_ciphertext_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    record(
        data,
        issue_token(data / "tokens.json", "admin", "admin"),
        issue_token(data / "tokens.json", NAME, "recorder", WUJIN),
    )
    store = SQLiteEventStore(data / "events.db")
    try:
        messages = [to_message(recorded) for recorded in store.read_all_sync(after=0, limit=100)]
    finally:
        store.close_sync()
    appointed = [m for m in messages if m.subject == "niangjia.orgs.MemberAppointed"]
    assert len(appointed) == 2
    assert json.loads(appointed[0].body)["personal"]["algorithm"] == "AES-256-GCM"
    for message in messages:
        wire = message.body + json.dumps(message.headers, ensure_ascii=False).encode()
        assert not any(secret in wire for secret in SECRETS), message.subject
        assert NAME.encode() not in wire  # the recorder's subject is a name: the envelope names her token id
