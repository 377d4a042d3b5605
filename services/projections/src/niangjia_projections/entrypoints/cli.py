"""Console commands: `rebuild [--model NAME]...` with a progress bar, and `catch-up`."""

from __future__ import annotations

import argparse
import sys

from niangjia_kit.private import keep_private
from niangjia_kit.serve import load_settings
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from niangjia_projections.live import catch_up_read_models
from niangjia_projections.models import MODEL_NAMES
from niangjia_projections.rebuild.build import RebuildFailed
from niangjia_projections.rebuild.read_models import rebuild_read_models
from niangjia_projections.settings import ProjectionsSettings


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="niangjia-projections", description="Read models of niangjia")
    commands = parser.add_subparsers(dest="command", required=True)
    rebuild = commands.add_parser("rebuild", help="rebuild read models from position 0 and swap them in")
    rebuild.add_argument("--model", action="append", choices=MODEL_NAMES, help="only this model (repeatable)")
    rebuild.add_argument("--batch-size", type=int, default=2000)
    rebuild.add_argument("--quiet", action="store_true", help="no progress bar")
    catch_up = commands.add_parser("catch-up", help="apply every event not applied yet, then exit")
    catch_up.add_argument("--batch-size", type=int, default=None)
    catch_up.add_argument("--trace", action="store_true", help="print each committed checkpoint")
    args = parser.parse_args(argv)
    settings = load_settings(ProjectionsSettings)
    keep_private(settings.data_dir)
    console = Console(stderr=True)
    if args.command == "catch-up":

        def trace(position: int) -> None:
            if args.trace:
                print(position, flush=True)

        position = catch_up_read_models(settings, batch_size=args.batch_size, on_batch=trace)
        console.print(f"read models at position {position}")
        return 0
    with Progress(
        TextColumn("rebuilding {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:,.0f} events/s"),
        TimeRemainingColumn(),
        console=console,
        disable=args.quiet,
    ) as bar:
        task = bar.add_task(", ".join(args.model or MODEL_NAMES), total=None, rate=0.0)

        def progress(done: int, position: int, last: int) -> None:
            speed = bar.tasks[task].speed or 0.0
            bar.update(task, completed=position, total=last, rate=speed)

        try:
            report = rebuild_read_models(settings, args.model, progress=progress, batch_size=args.batch_size)
        except RebuildFailed as error:
            console.print(f"[red]{error}[/red]")
            return 1
    console.print(
        f"rebuilt {', '.join(report.models)}: {report.events:,} events to position {report.position} "
        f"in {report.seconds:.1f} s ({report.events_per_second:,.0f} events/s, {report.processes} processes)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(sys.argv[1:]))
