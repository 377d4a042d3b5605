"""What every report command takes besides its own arguments, written once: the region, the two
clocks (`--as-of`, `--known-at`), the token, the data folder and `--json`.

`@reading(...)` turns a command `f(read, **own)` into a typer command whose options are `f`'s own
followed by these; `f` receives them as one `Reading`, whose `get(path, **params)` fetches the
report with them (or prints it as JSON and ends the command).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from niangjia.cli import arguments
from niangjia.cli.common import DataDirOpt, JsonOpt, TokenOpt, report
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
    names = [name for name, _, _ in shared]

    def decorate(command: Command) -> Command:
        own = list(inspect.signature(command, eval_str=True).parameters.values())[1:]  # after `read`
        kind = inspect.Parameter.KEYWORD_ONLY
        parameters = [p.replace(kind=kind) for p in own]
        parameters += [inspect.Parameter(n, kind, default=d, annotation=a) for n, a, d in shared]

        @functools.wraps(command)
        def run(**values: Any) -> None:
            command(Reading(**{name: values.pop(name) for name in names}), **values)

        run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        return run

    return decorate
