"""`niangjia demo`: load the data set with a progress bar, then show the reports' figures."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path

from niangjia_contracts.enums import Level
from niangjia_contracts.names import BY_ENUM, name
from niangjia_kit.auth import Role, TokenStore
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from niangjia.client import Api
from niangjia.config import Urls
from niangjia.demo.dataset import build_dataset
from niangjia.demo.figures import Figure, measure
from niangjia.demo.loader import Endpoints, LoadReport, load
from niangjia.i18n import language, t


@contextlib.contextmanager
def recorder_tokens(tokens_file: Path | None, places: dict[str, tuple[str, str]]) -> Iterator[dict[str, str]]:
    """One region-scoped recorder token per place (so the audit log names who recorded what),
    revoked afterwards; none when there is no tokens file to write to."""
    if tokens_file is None or not tokens_file.exists():
        yield {}
        return
    store = TokenStore(tokens_file)
    issued: dict[str, str] = {}
    ids: list[str] = []
    try:
        for key, (subject, region) in places.items():
            entry, secret = store.issue(subject, Role.RECORDER, region)
            issued[key] = secret
            ids.append(entry.token_id)
        yield issued
    finally:
        for token_id in ids:
            store.revoke(token_id)


def run_demo(
    urls: Urls,
    token: str,
    console: Console,
    *,
    tokens_file: Path | None = None,
    show_figures: bool = True,
) -> tuple[LoadReport, list[Figure]]:
    data = build_dataset()
    endpoints = Endpoints(orgs=urls.orgs, activities=urls.activities, projections=urls.projections)
    places = {key: (place.recorder, place.region) for key, place in data.places.items()}
    with (
        recorder_tokens(tokens_file, places) as recorders,
        Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=40),
            MofNCompleteColumn(),
            TextColumn("[dim]{task.fields[wave]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress,
    ):
        task = progress.add_task("演示数据" if language() == "zh" else "demo data", total=data.size, wave="")

        def advance(wave: str, step: int) -> None:
            if wave:
                progress.update(task, wave=t(f"demo.wave.{wave}"))
            if step:
                progress.advance(task, step)

        report = asyncio.run(load(data, endpoints, lambda place: recorders.get(place, token), progress=advance))
    console.print(t("demo.done", recorded=report.recorded, already=report.already))
    if report.phase_boundary is not None:
        console.print(t("demo.boundary", at=report.phase_boundary.isoformat(timespec="seconds")))
    figures: list[Figure] = []
    if show_figures:
        with Api(urls, token) as api, console.status(t("demo.catching_up")):
            figures = measure(api, min_position=report.last_position or None)
        console.print(figures_table(figures))
    return report, figures


def figures_table(figures: list[Figure]) -> Table:
    en = language() == "en"
    table = Table(title=t("demo.figures"), show_lines=False)
    for header in (("地区", "place"), ("指标", "figure"), ("报告", "report"), ("系统", "ledger"), ("", "")):
        table.add_column(header[1] if en else header[0], overflow="fold")
    for figure in figures:
        table.add_row(
            figure.place,
            figure.label[1] if en else figure.label[0],
            shown(figure.expected, en),
            shown(figure.actual, en),
            "[green]✓[/green]" if figure.ok else "[red]✗[/red]",
        )
    return table


def shown(value: object, en: bool) -> str:
    """A figure as a reader reads it: a list of levels by their names, figures by quarter as
    "Q1 5" ("一季度 5"), anything else as it prints."""
    if isinstance(value, list):
        names = [name(BY_ENUM[Level], str(code), "en" if en else "zh") for code in value]
        return ", ".join(names) if en else "、".join(names)
    if isinstance(value, dict):
        quarters = [f"Q{q} {n}" if en else f"{_QUARTERS_ZH[q]}季度 {n}" for q, n in sorted(value.items())]
        return ", ".join(quarters) if en else "，".join(quarters)
    return str(value)


_QUARTERS_ZH = {1: "一", 2: "二", 3: "三", 4: "四"}
