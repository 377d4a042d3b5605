"""The reports' shared answers: kept where the read models stood when they were computed, given again
only while they stand there, computed once for the readers who ask meanwhile, bounded by their bytes."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from niangjia_projections.entrypoints import shared
from niangjia_projections.entrypoints.answer_cache import Answer, AnswerCache, AnswerKey, Stand

COUNTY = AnswerKey("/counts", "", "reporter", "江苏省/常州市/武进区", "2026-12-05")
TOWN = AnswerKey("/counts", "", "reporter", "江苏省/常州市/武进区/湖塘镇", "2026-12-05")
FILES = (("organisations.1.db", 11),)
BODY = b'{"total":3}'


def at(
    position: int | None,
    files: tuple[tuple[str, int], ...] = FILES,
    *,
    settled: bool = True,
    changed: int | None = None,
) -> Stand:
    """The models at `position`, their content last changed at `changed` (by default there too)."""
    changes = () if position is None else (position if changed is None else changed,)
    return Stand(files, position, changes, settled)


def test_an_answer_is_given_again_only_where_the_models_stood_for_it() -> None:
    answers = AnswerCache(size=100)
    answers.keep(COUNTY, BODY, at(7))
    assert answers.get(COUNTY, at(7)) == BODY
    assert answers.get(COUNTY, at(8)) is None
    assert answers.get(COUNTY, at(None)) is None
    assert answers.get(TOWN, at(7)) is None
    assert answers.get(COUNTY, at(7, (("organisations.2.db", 12),))) is None  # a rebuild swapped the file
    assert answers.get(COUNTY, at(7, settled=False)) is None
    assert answers.hits == 1


def test_an_answer_is_given_again_while_the_log_moves_past_events_its_models_do_not_take() -> None:
    answers = AnswerCache(size=100)
    answers.keep(COUNTY, BODY, at(7))
    assert answers.get(COUNTY, at(12, changed=7)) == BODY  # five activities recorded; the counts unmoved
    assert answers.get(COUNTY, at(13, changed=13)) is None  # a federation founded
    assert answers.get(COUNTY, at(12, (("organisations.2.db", 12),), changed=7)) is None


def test_nothing_is_kept_between_two_positions_or_files_nor_when_switched_off() -> None:
    between = AnswerCache(size=100)
    between.keep(COUNTY, BODY, at(None))
    between.keep(TOWN, BODY, at(7, settled=False))
    off = AnswerCache(size=0)
    off.keep(COUNTY, BODY, at(7))
    assert len(between) == 0 and len(off) == 0 and not off.enabled


def test_the_least_recently_asked_are_pushed_out_beyond_the_size() -> None:
    answers = AnswerCache(size=10)
    answers.keep(COUNTY, b"1234", at(1))
    answers.keep(TOWN, b"5678", at(1))
    assert answers.get(COUNTY, at(1)) == b"1234"  # asked: now the most recent
    third = AnswerKey("/dormant", "", "reporter", None, "2026-12-05")
    answers.keep(third, b"abcd", at(1))
    assert answers.get(TOWN, at(1)) is None
    assert answers.get(COUNTY, at(1)) == b"1234" and answers.get(third, at(1)) == b"abcd"
    assert answers.held == 8 and len(answers) == 2


def test_an_answer_larger_than_half_the_size_is_not_kept() -> None:
    answers = AnswerCache(size=10)
    answers.keep(COUNTY, b"123456", at(1))
    assert len(answers) == 0 and answers.held == 0


def test_kept_again_replaces_and_counts_once() -> None:
    answers = AnswerCache(size=100)
    answers.keep(COUNTY, b"12", at(1))
    answers.keep(COUNTY, b"123", at(2))
    assert answers.held == 3 and answers.get(COUNTY, at(2)) == b"123" and answers.get(COUNTY, at(1)) is None


def test_readers_who_ask_meanwhile_wait_for_one_computation() -> None:
    answers = AnswerCache(size=100)
    runs: list[int] = []

    async def compute() -> Answer:
        runs.append(1)
        await asyncio.sleep(0.05)
        return BODY, at(7)

    async def go() -> list[Answer]:
        return await asyncio.gather(*(answers.once(COUNTY, at(7), compute) for _ in range(16)))

    results = asyncio.run(go())
    assert runs == [1]
    assert all(result == (BODY, at(7)) for result in results)
    assert answers.computed == 1 and answers.joined == 15
    assert answers.get(COUNTY, at(7)) == BODY


def test_an_answer_computed_where_the_models_moved_to_is_kept_there() -> None:
    answers = AnswerCache(size=100)

    async def compute() -> Answer:
        return b'{"total":4}', at(9)

    assert asyncio.run(answers.once(COUNTY, at(7), compute)) == (b'{"total":4}', at(9))
    assert answers.get(COUNTY, at(7)) is None
    assert answers.get(COUNTY, at(9)) == b'{"total":4}'


def test_a_refusal_reaches_every_waiting_reader_and_is_not_kept() -> None:
    answers = AnswerCache(size=100)

    async def compute() -> Answer:
        await asyncio.sleep(0.01)
        raise LookupError("no federation x")

    async def go() -> list[BaseException | Answer]:
        return await asyncio.gather(*(answers.once(COUNTY, at(7), compute) for _ in range(3)), return_exceptions=True)

    results = asyncio.run(go())
    assert all(isinstance(result, LookupError) for result in results)
    assert len(answers) == 0 and answers.get(COUNTY, at(7)) is None


def test_a_reader_who_leaves_does_not_cancel_the_computation_for_the_others() -> None:
    answers = AnswerCache(size=100)

    async def compute() -> Answer:
        await asyncio.sleep(0.05)
        return BODY, at(7)

    async def go() -> Answer:
        leaving = asyncio.ensure_future(answers.once(COUNTY, at(7), compute))
        staying = asyncio.ensure_future(answers.once(COUNTY, at(7), compute))
        await asyncio.sleep(0.01)
        leaving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await leaving
        return await staying

    assert asyncio.run(go()) == (BODY, at(7))
    assert answers.get(COUNTY, at(7)) == BODY


def test_a_reader_after_others_events_joins_the_computation_and_is_told_where_the_models_stand() -> None:
    answers = AnswerCache(size=100)
    stands = iter([at(7), at(9, changed=7)])  # the second reader comes after two activities
    request: Any = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(answers=answers)), state=SimpleNamespace())
    second: Any = SimpleNamespace(app=request.app, state=SimpleNamespace())

    async def computed(request: object, models: object, query: object, lane: object) -> tuple[str, Stand]:
        await asyncio.sleep(0.02)
        return "figures", at(7)

    async def rendered(request: object, content: object) -> bytes:
        return BODY

    async def go() -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(shared, "computed", computed)
            patch.setattr(shared, "rendered", rendered)
            patch.setattr(shared, "standing", lambda request, models: next(stands))
            patch.setattr(shared, "refuse_on_fault", lambda request: None)
            patch.setattr(AnswerKey, "of", classmethod(lambda cls, request, principal: COUNTY))
            first = asyncio.ensure_future(shared.shared_answer(request, principal=None, models=("x",), query=len))  # type: ignore[arg-type]
            await asyncio.sleep(0.005)
            later = await shared.shared_answer(second, principal=None, models=("x",), query=len)  # type: ignore[arg-type]
            assert (await first).body == later.body == BODY

    asyncio.run(go())
    assert (answers.computed, answers.joined) == (1, 1)
    assert (request.state.log_position, second.state.log_position) == (7, 9)  # the same rows at 9
