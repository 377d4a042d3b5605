"""`found` and `open` look for a likely duplicate (same type, name and region, still standing) with
the projections' search by name, ask before recording it, and refuse it in one line with
`--no-input`; in Chinese and in English."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any, Protocol

import pytest

from niangjia.cli import sending
from niangjia.errors import CliError
from tests.support.cli import run_cli

REGION = "江苏省/常州市/武进区/湖塘镇"
STANDING: list[dict[str, Any]] = [
    {"org_id": "wj-park", "org_type": "federation", "name": "湖塘镇某园区妇联", "region": REGION, "ended_on": None},
    {
        "org_id": "wj-old",
        "org_type": "federation",
        "name": "湖塘镇旧市场妇联",
        "region": REGION,
        "ended_on": "2024-01-01",
    },
    {"org_id": "wj-home", "org_type": "micro_home", "name": "湖塘镇某小区微家", "region": REGION, "ended_on": None},
    {
        "org_id": "nj-park",
        "org_type": "federation",
        "name": "湖塘镇某园区妇联",
        "region": "江苏省/常州市/武进区/牛塘镇",
        "ended_on": None,
    },
]


class FakeServices:
    """The orgs service (records what is posted) and the projections' `GET /organisations` over `orgs`,
    answering as the search does: a substring of the NFC, case-folded name, within a region, by type."""

    def __init__(self, orgs: list[dict[str, Any]], reachable: bool = True) -> None:
        self.orgs = orgs
        self.reachable = reachable
        self.posted: list[tuple[str, dict[str, Any]]] = []
        self.searched: list[dict[str, Any]] = []

    def __enter__(self) -> FakeServices:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def get(self, service: str, path: str, params: dict[str, Any] | None = None) -> Any:
        assert (service, path) == ("projections", "/organisations")
        if not self.reachable:
            raise CliError("无法连接 http://127.0.0.1:8703/organisations")
        query = dict(params or {})
        assert 1 <= len(query["name"]) <= 100  # as GET /organisations takes it (422 otherwise)
        self.searched.append(query)
        text = unicodedata.normalize("NFC", query["name"]).casefold()
        items = [
            o
            for o in self.orgs
            if text in unicodedata.normalize("NFC", o["name"]).casefold()
            and (o["region"] + "/").startswith(query["region"] + "/")
            and o["org_type"] == query["type"]
        ]
        return {"items": items, "total": len(items), "next_after": None}

    def post(self, service: str, path: str, body: dict[str, Any], idempotency_key: str | None = None) -> Any:
        self.posted.append((path, body))
        return {"id": body.get("federation_id") or body.get("micro_home_id") or "new-1", "position": 42}


def found(name: str = "湖塘镇某园区妇联", region: str = REGION) -> list[str]:
    return [
        "found", "--name", name, "--domain", "园区", "--region", region, "--host", "某园区管委会",
        "--founded-on", "2024-05-01", "--women-members", "40", "--data-dir", "/nonexistent-niangjia",
    ]  # fmt: skip


def open_home(name: str = "湖塘镇某小区微家") -> list[str]:
    return [
        "open", "--name", name, "--setting", "社区", "--region", REGION, "--host-federation", "wj-park",
        "--opened-on", "2024-05-01", "--data-dir", "/nonexistent-niangjia",
    ]  # fmt: skip


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> FakeServices:
    fake = FakeServices(STANDING)
    monkeypatch.setattr(sending, "api", lambda token, data_dir: fake)
    return fake


class Run(Protocol):
    def __call__(self, args: list[str], lang: str, answer: str = "") -> tuple[int, str, str]: ...


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """The CLI in `lang` with `args`, `answer` typed at its question: the exit code, stdout and stderr."""

    def run_in(args: list[str], lang: str, answer: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(answer))
        return run_cli(capsys, ["--lang", lang, *args])

    return run_in


@pytest.mark.parametrize(("lang", "expected"), [("zh", "可能重复，未登记：江苏省/常州市/武进区/湖塘镇 已有同名妇联“湖塘镇某园区妇联”（编号 wj-park）"), ("en", "likely duplicate, nothing recorded: a federation named “湖塘镇某园区妇联” already stands in 江苏省/常州市/武进区/湖塘镇 (wj-park)")])  # fmt: skip
def test_no_input_refuses_a_likely_duplicate_in_one_line(
    services: FakeServices, run: Run, lang: str, expected: str
) -> None:
    code, out, err = run([*found(), "--no-input"], lang)
    assert code == 1
    assert services.posted == []
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(expected), lines
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("lang", "answer", "question", "refusal"),
    [
        ("zh", "否\n", "可能重复：江苏省/常州市/武进区/湖塘镇 已有同名妇联“湖塘镇某园区妇联”（编号 wj-park）。仍要登记一个新的吗？ [是/否，默认否]：", "未登记：已取消"),
        ("zh", "\n", "仍要登记一个新的吗？", "未登记：已取消"),
        ("en", "n\n", "Likely duplicate: a federation named “湖塘镇某园区妇联” already stands in 江苏省/常州市/武进区/湖塘镇 (wj-park). Record a new one all the same? [y/N]: ", "nothing recorded: cancelled"),
        ("en", "", "Record a new one all the same?", "nothing recorded: cancelled"),
    ],
)  # fmt: skip
def test_the_question_answered_no_records_nothing(
    services: FakeServices, run: Run, lang: str, answer: str, question: str, refusal: str
) -> None:
    code, _, err = run(found(), lang, answer)
    assert code == 1
    assert services.posted == []
    assert question in err
    assert err.rstrip().splitlines()[-1] == refusal


@pytest.mark.parametrize(
    ("lang", "answer", "done"),
    [("zh", "是\n", "已登记成立：new-1"), ("zh", "Y\n", "已登记成立"), ("en", "yes\n", "founded: new-1")],
)
def test_the_question_answered_yes_records_it(
    services: FakeServices, run: Run, lang: str, answer: str, done: str
) -> None:
    code, out, _ = run(found(), lang, answer)
    assert code == 0
    assert [path for path, _ in services.posted] == ["/federations"]
    assert done in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_answer_neither_yes_nor_no_is_asked_again(services: FakeServices, run: Run, lang: str) -> None:
    code, _, err = run(found(), lang, "maybe\ny\n")
    assert code == 0 and len(services.posted) == 1
    assert ("请回答 是 或 否" if lang == "zh" else "Please answer yes or no") in err


@pytest.mark.parametrize(
    "args",
    [
        found(name="湖塘镇另一园区妇联"),  # another name
        found(name="湖塘镇旧市场妇联"),  # the same name, dissolved
        found(region="江苏省/常州市/武进区/湟里镇"),  # the same name, another town
        open_home(name="湖塘镇某园区妇联"),  # a federation's name, for a micro-home
    ],
)
def test_no_likely_duplicate_records_without_a_question(services: FakeServices, run: Run, args: list[str]) -> None:
    code, _, err = run([*args, "--no-input"], "zh")
    assert code == 0, err
    assert len(services.posted) == 1 and err == ""


def test_the_name_is_compared_in_nfc_and_any_case(services: FakeServices, run: Run) -> None:
    services.orgs = [{**STANDING[0], "name": "Café Park 妇联"}]
    code, _, err = run([*found(name=" cafe\u0301 PARK 妇联"), "--no-input"], "en")
    assert code == 1 and services.posted == [] and "likely duplicate" in err


def test_a_name_longer_than_the_search_takes_is_compared_whole(services: FakeServices, run: Run) -> None:
    long = "湖塘镇" + "某" * 150 + "妇联"
    services.orgs = [{**STANDING[0], "name": long}, {**STANDING[0], "org_id": "wj-other", "name": long[:-1] + "会"}]
    code, _, err = run([*found(name=long), "--no-input"], "zh")
    assert code == 1 and "（编号 wj-park）" in err and services.posted == []
    code, _, err = run([*found(name=long[:-2] + "小组"), "--no-input"], "zh")
    assert code == 0 and len(services.posted) == 1, err


def test_a_micro_home_is_checked_against_micro_homes(services: FakeServices, run: Run) -> None:
    code, _, err = run([*open_home(), "--no-input"], "zh")
    assert code == 1 and services.posted == []
    assert "已有同名妇女微家“湖塘镇某小区微家”（编号 wj-home）" in err
    assert services.searched[0]["type"] == "micro_home"


def test_a_replay_of_the_same_id_is_not_a_duplicate(services: FakeServices, run: Run) -> None:
    code, _, err = run([*found(), "--id", "wj-park", "--no-input"], "zh")
    assert code == 0, err
    assert services.posted[0][1]["federation_id"] == "wj-park"


@pytest.mark.parametrize(("lang", "warning"), [("zh", "警告：未能查重"), ("en", "warning: could not look")])
def test_when_the_search_cannot_answer_a_warning_says_so_and_it_records(
    services: FakeServices, run: Run, lang: str, warning: str
) -> None:
    services.reachable = False
    code, _, err = run([*found(), "--no-input"], lang)
    assert code == 0 and len(services.posted) == 1
    assert err.startswith(warning)


def test_the_usage_guide_lists_no_input() -> None:
    usage = (Path(__file__).resolve().parents[3] / "docs" / "usage.md").read_text(encoding="utf-8")
    assert "--no-input" in usage
