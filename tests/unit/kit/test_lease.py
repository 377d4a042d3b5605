"""One holder at a time; a lapsed or released lease passes on with a larger fencing number."""

import asyncio
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from niangjia_kit.lease import Lease, default_holder, run_with_lease


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def lease_for(tmp_path: Path, holder: str, clock: Clock, ttl: float = 10.0) -> Lease:
    return Lease(tmp_path / "leases.db", "relay", holder, ttl=ttl, clock=clock)


def test_only_one_holder_at_a_time(tmp_path: Path, clock: Clock) -> None:
    first, second = lease_for(tmp_path, "a", clock), lease_for(tmp_path, "b", clock)
    assert first.acquire()
    assert not second.acquire()
    assert second.fencing is None
    state = first.state()
    assert state is not None
    assert (state.holder, state.expires_at, state.fencing) == ("a", 1_010.0, 1)


def test_the_holder_renews_and_keeps_its_fencing_number(tmp_path: Path, clock: Clock) -> None:
    first, second = lease_for(tmp_path, "a", clock), lease_for(tmp_path, "b", clock)
    assert first.acquire()
    for _ in range(5):
        clock.now += 8
        assert first.acquire()
        assert not second.acquire()
    assert first.fencing == 1


def test_a_lapsed_lease_passes_on_with_a_larger_fencing_number(tmp_path: Path, clock: Clock) -> None:
    first, second = lease_for(tmp_path, "a", clock), lease_for(tmp_path, "b", clock)
    assert first.acquire()
    clock.now += 10
    assert second.acquire()
    assert second.fencing == 2
    assert not first.acquire()
    assert first.fencing is None


def test_a_released_lease_is_free_at_once(tmp_path: Path, clock: Clock) -> None:
    first, second = lease_for(tmp_path, "a", clock), lease_for(tmp_path, "b", clock)
    assert first.acquire()
    first.release()
    assert second.acquire()
    first.release()  # not the holder any more: changes nothing
    assert not first.acquire()


def test_a_holder_that_lapsed_unnoticed_renews_if_nobody_took_over(tmp_path: Path, clock: Clock) -> None:
    first = lease_for(tmp_path, "a", clock)
    assert first.acquire()
    clock.now += 60
    assert first.acquire()
    assert first.fencing == 1


def test_leases_with_different_names_are_independent(tmp_path: Path, clock: Clock) -> None:
    relay = Lease(tmp_path / "leases.db", "relay", "a", clock=clock)
    projections = Lease(tmp_path / "leases.db", "projections", "b", clock=clock)
    assert relay.acquire()
    assert projections.acquire()


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ttl"):
        Lease(tmp_path / "l.db", "relay", "a", ttl=0)
    with pytest.raises(ValueError, match="name and a holder"):
        Lease(tmp_path / "l.db", "", "a")
    assert default_holder() != default_holder()


def test_processes_racing_for_a_free_lease_get_exactly_one_winner(tmp_path: Path) -> None:
    code = (
        "import sys; from niangjia_kit.lease import Lease; "
        f"print(Lease({str(tmp_path / 'leases.db')!r}, 'relay', sys.argv[1], ttl=300).acquire())"
    )
    racers = [
        subprocess.Popen([sys.executable, "-c", code, f"p{i}"], stdout=subprocess.PIPE, text=True) for i in range(4)
    ]
    answers = [racer.communicate(timeout=60)[0].strip() for racer in racers]
    assert sorted(answers) == ["False", "False", "False", "True"]


def test_run_with_lease_runs_one_copy_and_hands_over_when_it_finishes(tmp_path: Path) -> None:
    asyncio.run(_one_copy_at_a_time(tmp_path))


async def _one_copy_at_a_time(tmp_path: Path) -> None:
    running: list[str] = []
    overlaps: list[list[str]] = []

    def worker(name: str) -> Callable[[], Awaitable[None]]:
        async def work() -> None:
            running.append(name)
            overlaps.append(list(running))
            await asyncio.sleep(0.2)
            running.remove(name)

        return work

    first = Lease(tmp_path / "leases.db", "projections", "a", ttl=5)
    second = Lease(tmp_path / "leases.db", "projections", "b", ttl=5)
    await asyncio.wait_for(
        asyncio.gather(
            run_with_lease(first, worker("a"), retry_every=0.02),
            run_with_lease(second, worker("b"), retry_every=0.02),
        ),
        timeout=30,
    )
    assert sorted(o[0] for o in overlaps) == ["a", "b"]
    assert all(len(o) == 1 for o in overlaps)


def test_run_with_lease_cancels_the_work_when_the_lease_is_lost(tmp_path: Path) -> None:
    asyncio.run(_cancelled_on_loss(tmp_path))


async def _cancelled_on_loss(tmp_path: Path) -> None:
    clock = Clock()
    lease = Lease(tmp_path / "leases.db", "relay", "a", ttl=10, clock=clock)
    thief = Lease(tmp_path / "leases.db", "relay", "b", ttl=10, clock=clock)
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def work() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    runner = asyncio.create_task(run_with_lease(lease, work, renew_every=0.02, retry_every=0.02))
    await asyncio.wait_for(started.wait(), 10)
    clock.now += 11  # the holder stalled past its lease
    assert thief.acquire()
    await asyncio.wait_for(cancelled.wait(), 10)
    runner.cancel()
    with pytest.raises(asyncio.CancelledError):
        await runner
    state = thief.state()
    assert state is not None
    assert state.holder == "b"
