"""What every recording command shares: the options `--idempotency-key`, `--token`, `--data-dir` and
`--json` (added by `sending`), and the one call that posts its command and says what happened (`Send`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, api, console, print_json
from niangjia.cli.shared import with_shared
from niangjia.i18n import t

if TYPE_CHECKING:
    from niangjia.client import Api

KeyOpt = Annotated[str | None, typer.Option("--idempotency-key", help=t("option.idempotency_key"))]

_SHARED: tuple[tuple[str, Any, Any], ...] = (
    ("key", KeyOpt, None),
    ("token", TokenOpt, None),
    ("data_dir", DataDirOpt, None),
    ("as_json", JsonOpt, False),
)


@dataclass(frozen=True, slots=True)
class Send:
    """Posts one command with the shared options' values."""

    key: str | None
    token: str | None
    data_dir: Path | None
    as_json: bool

    def __call__(
        self, service: str, path: str, body: dict[str, Any], *, done: str, before: Callable[[Api], None] | None = None
    ) -> None:
        """POST `body` to `service`'s `path` (after `before`, which may refuse it); print what
        happened (`done`, a catalogue key) or the answer as JSON."""
        with api(self.token, self.data_dir) as client:
            if before is not None:
                before(client)
            answer = client.post(service, path, body, idempotency_key=self.key)
        if self.as_json:
            print_json(answer)
        else:
            console.print(t(done, id=answer["id"]) + t("done.where", position=answer["position"]))


def sending(command: Callable[..., None]) -> Callable[..., None]:
    """`command` with the shared options in place of its `send` parameter, which it is given bound
    to their values."""
    return with_shared(command, "send", _SHARED, Send)
