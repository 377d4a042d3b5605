"""What every report command takes besides its own arguments, written once: the region, the two
clocks (`--as-of`, `--known-at`), the token, the data folder and `--json`.

`@reading(...)` turns a command `f(read, **own)` into a typer command whose options are `f`'s own
followed by these; `f` receives them as one `Reading`, whose `get(path, **params)` fetches the
report with them (or prints it as JSON and ends the command).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from niangjia.cli import arguments
from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, report
from niangjia.cli.shared import with_shared
from niangjia.i18n import t

RegionOpt = Annotated[str | None, typer.Option("--region", help=t("region.help"), callback=arguments.region)]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help=t("as_of.help"), callback=arguments.business_date)]
KnownAtOpt = Annotated[str | None, typer.Option("--known-at", help=t("known_at.help"), callback=arguments.instant)]

Command = Callable[..., None]


@dataclass(frozen=True, slots=True)
class Reading:
    """The shared options of a report command, as given."""

    token: str | None
    data_dir: Path | None
    as_json: bool
    region: str | None = None
    as_of: str | None = None
    known_at: str | None = None

    def get(self, path: str, **params: Any) -> Any:
        """The report at `path` with the region and clocks given (and `params`); with `--json` it is
        printed as it came and the command ends there (typer.Exit)."""
        shared = {"region": self.region, "as_of": self.as_of, "known_at": self.known_at}
        result = report(self.token, self.data_dir, path, {**shared, **params}, self.as_json)
        if result is None:
            raise typer.Exit()
        return result


def reading(*, region: bool = True, known_at: bool = True) -> Callable[[Command], Command]:
    """Add the shared options (without `--region` or `--known-at` where the report takes none)."""
    shared: list[tuple[str, Any, Any]] = []
    if region:
        shared.append(("region", RegionOpt, None))
    shared.append(("as_of", AsOfOpt, None))
    if known_at:
        shared.append(("known_at", KnownAtOpt, None))
    shared += [("token", TokenOpt, None), ("data_dir", DataDirOpt, None), ("as_json", JsonOpt, False)]

    def decorate(command: Command) -> Command:
        return with_shared(command, "read", shared, Reading)

    return decorate
