"""The `niangjia` command: its app, built after the language is known so help texts follow it.

A command's module is imported only when that command runs: `niangjia --help` lists every command
from the table below without loading the web framework, the contracts or the HTTP client, and a
read command loads the client and nothing of the services.
"""

import importlib
import os
import sys
from typing import Annotated, NoReturn

import typer
from niangjia_kit.private import PRIVATE_UMASK
from typer._click import Command, Context  # typer carries its own click
from typer._click import exceptions as click
from typer.core import TyperCommand, TyperGroup

from niangjia.cli.help_text import LocalisedContext, localise
from niangjia.errors import CliError
from niangjia.i18n import LANGUAGES, detect, set_language, t

# command -> (the module whose `register(app)` defines it, the catalogue key of its one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "up": ("niangjia.cli.operate", "up.help"),
    "demo": ("niangjia.cli.operate", "demo.help"),
    "rebuild": ("niangjia.cli.operate", "rebuild.help"),
    "backup": ("niangjia.cli.operate", "backup.help"),
    "restore": ("niangjia.cli.operate", "restore.help"),
    "found": ("niangjia.cli.records", "found.help"),
    "open": ("niangjia.cli.records", "open.help"),
    "record": ("niangjia.cli.records", "record.help"),
    "correct": ("niangjia.cli.records", "correct.help"),
    "retract": ("niangjia.cli.follow_ups", "retract.help"),
    "inspect": ("niangjia.cli.follow_ups", "inspect.help"),
    "recognise": ("niangjia.cli.follow_ups", "recognise.help"),
    "recognise-home": ("niangjia.cli.follow_ups", "recognise-home.help"),
    "dissolve": ("niangjia.cli.follow_ups", "dissolve.help"),
    "close": ("niangjia.cli.follow_ups", "close.help"),
    "counts": ("niangjia.cli.reports", "counts.help"),
    "campaign": ("niangjia.cli.reports", "campaign.help"),
    "audit": ("niangjia.cli.reports", "audit.help"),
    "guided": ("niangjia.cli.reports", "guided.help"),
    "dormant": ("niangjia.cli.reports", "dormant.help"),
    "chambers": ("niangjia.cli.milestones", "chambers.help"),
    "founded": ("niangjia.cli.milestones", "founded.help"),
    "elections": ("niangjia.cli.milestones", "elections.help"),
    "firsts": ("niangjia.cli.milestones", "firsts.help"),
    "find": ("niangjia.cli.find", "find.help"),
    "tokens": ("niangjia.cli.tokens", "tokens.help"),
    "broker": ("niangjia.cli.broker", "broker.help"),
    "verify": ("niangjia.cli.ledger", "verify.help"),
    "verify-report": ("niangjia.cli.ledger", "verify_report.help"),
    "ledger": ("niangjia.cli.ledger", "ledger.help"),
    "appoint": ("niangjia.cli.members", "members.appoint.help"),
    "change-role": ("niangjia.cli.members", "members.change_role.help"),
    "leave": ("niangjia.cli.members", "members.leave.help"),
    "erase": ("niangjia.cli.members", "members.erase.help"),
    "pledge": ("niangjia.cli.members", "members.pledge.help"),
    "complete": ("niangjia.cli.members", "members.complete.help"),
    "members": ("niangjia.cli.members", "members.members.help"),
    "directory": ("niangjia.cli.members", "members.directory.help"),
    "keys": ("niangjia.cli.keys", "keys.help"),
}


def _plain_help(command: Command) -> None:
    """Help and usage errors in the plain layout, as at the top: quick to load, alike everywhere."""
    if isinstance(command, TyperCommand):
        command.rich_markup_mode = None
    if isinstance(command, TyperGroup):
        command.rich_markup_mode = None
        for sub in command.commands.values():
            _plain_help(sub)


def load_module_commands(module: str) -> dict[str, Command]:
    """The click commands a module registers, built on an app of their own."""
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    importlib.import_module(module).register(app)
    group = typer.main.get_group(app)
    _plain_help(group)
    localise(group)
    return dict(group.commands)


class LazyGroup(TyperGroup):
    """Lists the commands from `COMMANDS`; imports a command's module when it is invoked."""

    context_class = LocalisedContext

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in COMMANDS:
            return None
        # For the listing only: the name and its one-line help, without importing the module.
        return TyperCommand(cmd_name, help=t(COMMANDS[cmd_name][1]), callback=None)

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if name is not None:
            command = load_module_commands(COMMANDS[name][0])[name]
        return name, command, rest


def build_app() -> typer.Typer:
    app = typer.Typer(
        cls=LazyGroup, help=t("app.help"), no_args_is_help=True, add_completion=False, rich_markup_mode=None
    )

    @app.callback()
    def root(lang: Annotated[str | None, typer.Option("--lang", help=t("lang.help"))] = None) -> None:
        if lang:
            set_language(lang)

    return app


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _fail(message: str, code: int) -> NoReturn:
    """The message on stderr, then exit with `code`: one line, but for a service's refused fields, one
    line each after it (the message's own line breaks; any other whitespace flattened, no markup)."""
    from rich.console import Console

    lines = [" ".join(line.split()) for line in message.splitlines() if line.strip()]
    text = "\n  ".join(lines) if lines else message
    Console(stderr=True).print(text, style="red", markup=False, highlight=False, soft_wrap=True)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the command line: every failure is one line in the user's language (2: a bad argument,
    1: anything else), never a traceback unless NIANGJIA_DEBUG is set."""
    args = sys.argv[1:] if argv is None else argv
    flag = _language_from_argv(args)
    if flag is not None and flag.lower() not in LANGUAGES:
        set_language(detect())
        _fail(t("lang.unknown", lang=flag), 2)
    set_language(detect(flag))
    os.umask(PRIVATE_UMASK)  # tokens, keys, backups: their owner's alone (niangjia_kit.private)
    command = typer.main.get_command(build_app())
    try:
        code = command.main(args=args, prog_name="niangjia", standalone_mode=False)
    except CliError as error:
        _fail(str(error), 1)
    except click.NoArgsIsHelpError as error:
        error.show()
        raise SystemExit(error.exit_code) from None
    except click.UsageError as error:
        from niangjia.cli.usage import usage_error

        _fail(usage_error(error), error.exit_code)
    except click.ClickException as error:
        _fail(error.format_message(), error.exit_code)
    except click.Abort:
        _fail(t("arg.aborted"), 1)
    except Exception as error:  # never a traceback, unless asked for
        if os.environ.get("NIANGJIA_DEBUG"):
            raise
        _fail(t("arg.unexpected", detail=f"{type(error).__name__}: {error}"), 1)
    raise SystemExit(code if isinstance(code, int) else 0)
