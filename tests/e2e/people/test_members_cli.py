"""The people's CLI commands against a running orgs service: appoint, change role, pledge, complete,
leave, erase; the same scopes, idempotency and errors as over HTTP; the service logs no name."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from niangjia.cli import build_app
from niangjia.i18n import set_language
from tests.support.processes import issue_token, start_service

WUJIN = "江苏省/常州市/武进区"
NAME, MOBILE = "陈静", "13800001111"


@pytest.fixture
def orgs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    set_language("en")
    env = {"NIANGJIA_DATA_DIR": str(tmp_path), "NIANGJIA_LOG_LEVEL": "INFO"}
    service = start_service("orgs", env=env, log_dir=tmp_path)
    monkeypatch.setenv("NIANGJIA_ORGS_URL", service.url)
    try:
        yield tmp_path
    finally:
        code = service.stop()
        set_language("zh")
        assert code in (0, -signal.SIGTERM), service.log()[-2000:]
        assert "Traceback" not in service.log()


def cli(*args: str) -> Result:
    return CliRunner().invoke(build_app(), list(args))


def ok(*args: str) -> dict[str, object]:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    answer: dict[str, object] = json.loads(result.stdout)  # stderr may carry a warning (no duplicate check)
    return answer


def test_the_people_commands_record_through_the_orgs_service(orgs: Path) -> None:
    recorder = issue_token(orgs / "tokens.json", "武进区妇联", "recorder", WUJIN)
    admin = issue_token(orgs / "tokens.json", "admin", "admin")
    reporter = issue_token(orgs / "tokens.json", "reporter", "reporter")
    as_recorder = ("--token", recorder)
    founded = ok(
        "found", "--id", "hutang", "--name", "湖塘镇妇联", "--domain", "business_district", "--level", "town",
        "--region", f"{WUJIN}/湖塘镇", "--host", "湖塘镇", "--founded-on", "2022-05-01", "--women-members", "300",
        *as_recorder,
    )  # fmt: skip
    assert founded["id"] == "hutang"
    appoint = (
        "appoint", "--federation", "hutang", "--role", "chair", "--appointed-on", "2023-03-08",
        "--name", NAME, "--mobile", MOBILE, "--community-role", "grid_leader", "--id", "m1",
        "--idempotency-key", "a1", *as_recorder,
    )  # fmt: skip
    first, again = ok(*appoint), ok(*appoint)
    assert first == again and first["stream_id"] == "member-m1"
    refused = cli(*appoint[:-2], "--token", reporter)
    assert refused.exit_code == 1 and "403" in str(refused.exception)
    ok("change-role", "m1", "--role", "vice_chair", "--changed-on", "2024-01-01", *as_recorder)
    pledged = ok(
        "pledge", "--member", "m1", "--service-area", "family_education", "--title", "家风讲堂",
        "--target", "12 talks", "--pledged-on", "2024-02-01", "--id", "p1", *as_recorder,
    )  # fmt: skip
    assert pledged["stream_id"] == "project-p1"
    ok("complete", "p1", "--completed-on", "2024-11-30", "--outcome", "12 talks held", *as_recorder)
    ok("leave", "m1", "--left-on", "2024-12-01", "--reason", "term_ended", *as_recorder)
    erase = ("erase", "m1", "--erased-on", "2024-12-20", "--reason", "person_requested")
    assert cli(*erase, *as_recorder).exit_code == 1
    assert ok(*erase, "--token", admin)["stream_version"] == 3
    twice = cli(*erase, "--token", admin)
    assert twice.exit_code == 1 and "member_already_erased" in str(twice.exception)
    logs = b"".join(p.read_bytes() for p in orgs.glob("*.log"))
    assert NAME.encode() not in logs and MOBILE.encode() not in logs
