"""What the commands share: options, where the services are, the token, printing tables or JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

from niangjia import config
from niangjia.cli import arguments
from niangjia.errors import CliError
from niangjia.i18n import language, t

if TYPE_CHECKING:
    from niangjia.client import Api


PIPED_WIDTH = 1000
"""The width the command line's tables are laid out in when written to a file or a pipe: their own
(no table is as wide), one line a row."""


class _Console(Console):
    """Rich's console, but a message written to a file or a pipe stays on one line: Rich would break
    it at 80 columns, mid-word or mid-sentence (the terminal wraps it where it is shown). A table
    written there is laid out `piped_width` wide (when given, and `COLUMNS` does not say otherwise),
    so that each row stays one line for `grep` and `cut`."""

    def __init__(self, *args: Any, piped_width: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.piped_width = piped_width

    @property
    def size(self) -> ConsoleDimensions:
        size = Console.size.fget(self)  # type: ignore[attr-defined]
        if self.piped_width and not self.is_terminal and "COLUMNS" not in os.environ:
            return ConsoleDimensions(self.piped_width, size.height)
        return size  # type: ignore[no-any-return]

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def print(self, *objects: Any, **options: Any) -> None:
        if not self.is_terminal and all(isinstance(o, str | Text) for o in objects):
            options.setdefault("soft_wrap", True)
        super().print(*objects, **options)


console = _Console(piped_width=PIPED_WIDTH)
errors = _Console(stderr=True, piped_width=PIPED_WIDTH)


def DataDir() -> Any:
    return typer.Option(
        "--data-dir",
        help=t("data_dir.help"),
        envvar="NIANGJIA_DATA_DIR",
        show_default=False,
        callback=arguments.data_folder,
    )


def Token() -> Any:
    return typer.Option("--token", help=t("token.help"), show_default=False)


def Json() -> Any:
    return typer.Option("--json", help=t("json.help"))


DataDirOpt = Annotated[Path | None, DataDir()]
TokenOpt = Annotated[str | None, Token()]
JsonOpt = Annotated[bool, Json()]


def api(token: str | None, data_dir: Path | None) -> Api:
    folder = config.data_dir(data_dir)
    resolved = config.token(token, folder)
    if resolved is None:
        raise CliError(t("error.no_token", path=config.admin_token_path(folder)))
    from niangjia.client import Api  # the HTTP client loads only for the commands that call a service

    return Api(config.Urls.from_env(), resolved)


def report(token: str | None, data_dir: Path | None, path: str, params: dict[str, Any], as_json: bool) -> Any:
    """GET a report from the projections service; with `as_json` print it and answer None (the
    command has nothing more to show)."""
    with api(token, data_dir) as client:
        result = client.get("projections", path, params)
    if as_json:
        print_json(result)
        return None
    return result


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def headers(zh: Sequence[str], en: Sequence[str]) -> Sequence[str]:
    """A table's column names in the user's language: Chinese (the default) or English."""
    return en if language() == "en" else zh


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=1)


WHOLE_WORD_MAX = 16
"""A cell's word up to this wide is kept whole where it fits (an id, a date, a role); a longer one
(a region path, a Chinese name) may fold."""


def _widths(headers: Sequence[str], cells: list[list[str]], width: int) -> list[int | None]:
    """Each column's width in a terminal `width` wide, when the table is wider than that and its
    header words fit side by side (else None: Rich's own layout). Every header word stays whole;
    then, column by column (the cheapest first, while they fit), every short word of its cells; the
    room left goes to the narrowest columns that want more, one cell at a time. The rest folds."""
    frame = 3 * len(headers) + 1  # each column's padding and rule
    columns = range(len(headers))
    natural = [max([cell_len(headers[i]), *(cell_len(row[i]) for row in cells)]) for i in columns]
    widths = [_longest_word(header) for header in headers]
    if sum(natural) + frame <= width or sum(widths) + frame > width:
        return [None] * len(headers)
    short = [[w for row in cells for w in row[i].split() if cell_len(w) <= WHOLE_WORD_MAX] for i in columns]
    whole = [max([widths[i], *(cell_len(word) for word in short[i])]) for i in columns]
    for i in sorted(columns, key=lambda i: whole[i] - widths[i]):
        if sum(widths) - widths[i] + whole[i] + frame <= width:
            widths[i] = whole[i]
    for _ in range(width - frame - sum(widths)):
        wanting = [i for i in columns if widths[i] < natural[i]]
        if not wanting:
            break
        widths[min(wanting, key=lambda i: widths[i])] += 1
    return list(widths)


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """A table of `rows` under `headers`; in a terminal too narrow for it, no word of a header or a
    cell is broken while the words fit side by side (`_widths`), the rest wraps."""
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    out = Table(title=title, header_style="bold")
    for header, width in zip(headers, _widths(headers, cells, console.width), strict=True):
        # fold: a Chinese name has no spaces to break at, and Rich would crop it with "…"
        out.add_column(header, overflow="fold", width=width)
    for row in cells:
        out.add_row(*row)
    return out


RegionDepthOpt = Annotated[int, typer.Option("--region-depth", min=0, max=10, help=t("counts.region_depth"))]
"""How deep a report's `by_region` goes below its region (1: the regions just below it)."""


def below(region: str | None, path: str) -> str:
    """A region of `by_region` by its path below the report's region; the region itself by its name
    and "itself" (in a report that counts each under one region, as the members report does: what is
    recorded at the region's own level, not in a region below it)."""
    if region and path.startswith(region + "/"):
        return path[len(region) + 1 :]
    if region and path == region:
        return t("counts.itself", name=region.rsplit("/", 1)[-1])
    return path


def personal(value: Any) -> Any:
    """A personal field as the service answered it, its erasure marker (已删除) in the user's language."""
    from niangjia_contracts.members import ERASED

    return t("erased") if value == ERASED else value
