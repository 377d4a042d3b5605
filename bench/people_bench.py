"""People benchmark: what sealing personal data costs on the command path, and a rebuild of a store in
which one event in ten appoints an executive member with sealed personal data.

1. The command path: the orgs service as a process; one client sends POST /members (her personal
   data sealed with her own new key, AES-256-GCM, the key stored in the key store) and POST
   /federations (the same pipeline with nothing to seal), alternately, one at a time; p50 and p99 of
   each. Beside them, the sealing alone in this process: a key made and kept, and one seal.
2. The rebuild: a store of N events (default 1,000,000), the national mix (`bench/national.py`) with
   every tenth event a MemberAppointed (100,000 members and the mix's own), rebuilt as `niangjia-projections rebuild` does:
   events/s and peak RSS (target >= 50,000 events/s).

    .venv/bin/python bench/people_bench.py [--commands 1000] [--events 1000000] [--skip-rebuild]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
from niangjia_contracts import PersonalData
from niangjia_contracts.members import MemberAppointed
from niangjia_eventstore import NewEvent, StreamState
from niangjia_eventstore.sqlite import SQLiteEventStore
from niangjia_kit.keystore import KeyStore
from niangjia_kit.sealing import seal

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import national
import projections_bench

from tests.support.processes import issue_token, start_service

WUJIN = "江苏省/常州市/武进区/湖塘镇"
PERSONAL = PersonalData(name="周晓燕", mobile="13912345678", employer="晓燕花木商行", title="经理")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def command_path(commands: int) -> None:
    with tempfile.TemporaryDirectory(prefix="people-bench-") as folder:
        data = Path(folder)
        token = issue_token(data / "tokens.json", "bench", "admin")
        env = {"NIANGJIA_DATA_DIR": str(data), "NIANGJIA_LOG_LEVEL": "WARNING"}
        service = start_service("orgs", env=env, log_dir=data)
        try:
            auth = {"Authorization": f"Bearer {token}"}
            timings: dict[str, list[float]] = {"POST /federations": [], "POST /members": []}
            with httpx.Client(base_url=service.url, headers=auth, timeout=30) as client:
                for n in range(commands + 50):  # the first 50 of each warm up
                    federation = {
                        "federation_id": f"bench-f{n}",
                        "name": f"第{n}号企业妇联",
                        "kind": "federation",
                        "domain": "non_public_enterprise",
                        "level": "village",
                        "region": WUJIN,
                        "host_organisation": f"第{n}号企业",
                        "founded_on": "2024-01-01",
                        "women_members": 30,
                    }
                    member = {
                        "member_id": f"bench-m{n}",
                        "federation_id": f"bench-f{n}",
                        "role": "chair",
                        "appointed_on": "2024-03-08",
                        "personal": PERSONAL.model_dump(),
                    }
                    for route, path, body in (
                        ("POST /federations", "/federations", federation),
                        ("POST /members", "/members", member),
                    ):
                        started = time.perf_counter()
                        answer = client.post(path, json=body)
                        elapsed = time.perf_counter() - started
                        assert answer.status_code == 201, answer.text
                        if n >= 50:
                            timings[route].append(elapsed * 1000)
        finally:
            service.stop()
        print(f"command path, {commands} of each, one client, SQLite synchronous=FULL (every command durable):")
        for route, samples in timings.items():
            p50, p99 = _percentiles(samples)
            print(f"  {route:<18} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
    with tempfile.TemporaryDirectory(prefix="people-keys-") as folder:
        keys = KeyStore(Path(folder) / "keys.db")
        started = time.perf_counter()
        made = [keys.key_for(f"k{n}") for n in range(500)]
        per_key = (time.perf_counter() - started) / len(made) * 1e6
        started = time.perf_counter()
        for n in range(5000):
            seal(made[n % len(made)], f"k{n}", f"k{n}", PERSONAL, uuid.uuid4())
        per_seal = (time.perf_counter() - started) / 5000 * 1e6
        keys.close()
    print(f"  in this process: a new key made and kept {per_key:,.0f} us, one seal {per_seal:,.1f} us")


def _member(n: int, federation: str, region: str) -> tuple[str, NewEvent]:
    member_id = f"m{n}"
    key = os.urandom(32)
    event = MemberAppointed(
        member_id=member_id,
        federation_id=federation,
        role="executive_member",
        community_roles=(),
        appointed_on=date(2024, 1 + n % 12, 1 + n % 28),
        term_ends_on=None,
        region=region,
        level="village",
        personal=seal(key, member_id, member_id, PERSONAL, uuid.uuid4()),
    )
    day = event.appointed_on.isoformat()
    return f"member-{member_id}", NewEvent(
        event_id=uuid.uuid4(),
        type="MemberAppointed",
        data=event.model_dump_json().encode(),
        metadata=_meta(day),
    )


def _meta(day: str) -> bytes:
    command = str(uuid.uuid4())
    envelope = {"schema_version": 1, "occurred_on": day, "actor": "bench", "command_id": command}
    return json.dumps({**envelope, "correlation_id": command, "causation_id": None, "source": "bench"}).encode()


async def generate(path: Path, count: int) -> None:
    """The national history (`national`, the projections benchmark's mix) with every tenth event
    replaced by a member appointed to a federation founded before it, her personal data sealed."""
    store = SQLiteEventStore(path, synchronous="OFF")
    try:
        if await store.last_position() >= count:
            return
        started = time.perf_counter()
        federations: list[tuple[str, str]] = []
        batch: list[tuple[str, NewEvent]] = []
        members = 0
        for n, (_, stream, event) in enumerate(national.events(count)):
            if n % 10 == 9 and federations:
                stream, event = _member(n, *federations[n % len(federations)])
                members += 1
            elif event.type == "FederationFounded":
                facts = json.loads(event.data)
                federations.append((facts["federation_id"], facts["region"]))
            batch.append((stream, event))
            if len(batch) == 5000:
                await asyncio.gather(*(store.append(s, [e], StreamState.ANY) for s, e in batch))
                batch = []
        if batch:
            await asyncio.gather(*(store.append(s, [e], StreamState.ANY) for s, e in batch))
        print(f"generated {count:,} events ({members:,} more members) in {time.perf_counter() - started:.1f} s")
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the generated store here for reruns")
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--skip-commands", action="store_true")
    args = parser.parse_args()
    if not args.skip_commands:
        command_path(args.commands)
    if args.skip_rebuild:
        return
    with tempfile.TemporaryDirectory(prefix="people-rebuild-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        store = workdir / f"people-{args.events}.db"
        asyncio.run(generate(store, args.events))
        models = Path(scratch) / "models"
        models.mkdir()
        projections_bench.rebuild(store, models, export=False)


if __name__ == "__main__":
    main()
