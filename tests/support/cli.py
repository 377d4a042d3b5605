"""The `niangjia` command line run in-process, as a person types it: its exit code and what it wrote."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from niangjia.cli import main
from niangjia.i18n import set_language


def run_cli(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    """Run `niangjia args`; (exit code, stdout, stderr). The language is back to zh afterwards."""
    try:
        with pytest.raises(SystemExit) as exit_info:
            main(args)
    finally:
        set_language("zh")
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


class FakeApi:
    """In place of `niangjia.cli.common.api`'s client: records each GET (its path, and its query
    without the unset parameters) and answers what `answers` (else a subclass's `answer`) gives."""

    def __init__(self, answers: Callable[[str, dict[str, Any]], Any] | None = None) -> None:
        self.asked: list[tuple[str, dict[str, Any]]] = []
        self.answers = answers

    def __enter__(self) -> FakeApi:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def get(self, service: str, path: str, params: dict[str, Any] | None = None) -> Any:
        query = {k: v for k, v in (params or {}).items() if v is not None}
        self.asked.append((path, query))
        return self.answer(path, query)

    def answer(self, path: str, query: dict[str, Any]) -> Any:
        if self.answers is None:
            raise NotImplementedError(path)
        return self.answers(path, query)

    def post(self, service: str, path: str, body: dict[str, Any], idempotency_key: str | None = None) -> Any:
        """Records the POST (its path and body as sent) and answers as a service accepting it."""
        self.asked.append((path, body))
        return {"id": body.get("member_id") or "x", "position": 1}
