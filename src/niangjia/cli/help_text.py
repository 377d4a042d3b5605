"""click's own words on a help page in the user's language.

The click that typer runs on is vendored without gettext: its words ("Usage:", "Options:", "Show
this message and exit.", "[default: …; required]", `<str>`) are English literals. Every help page is
written by a context's formatter, so one formatter, set on every command (`localise`), puts them in
the user's language; usage errors are told by `niangjia.cli.usage`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from typer._click import Command, Context, HelpFormatter
from typer.core import TyperGroup

from niangjia.i18n import t

_NOTES = re.compile(r"(?:^|  )\[([^\[\]]*)\]$")  # what click adds after an option's help: default, required...
_BRACED = re.compile(r"\{([a-z_]+)\}")
_RANGE = re.compile(r"(-?[0-9.]+)<=x<=(-?[0-9.]+)")
_AT_LEAST = re.compile(r"x>=(-?[0-9.]+)")
_AT_MOST = re.compile(r"x<=(-?[0-9.]+)")
_METAVARS = {
    "<str>": "click.metavar.text",
    "<text>": "click.metavar.text",
    "<int>": "click.metavar.int",
    "<int range>": "click.metavar.int",
    "<integer>": "click.metavar.int",
    "<float>": "click.metavar.number",
    "<path>": "click.metavar.path",
    "<file>": "click.metavar.path",
    "<directory>": "click.metavar.path",
    "<choice>": "click.metavar.choice",
}
_USAGE_WORDS = {
    "[OPTIONS]": "click.usage.options",
    "COMMAND [ARGS]...": "click.usage.command",
}
_HEADINGS = {"Options": "click.heading.options", "Arguments": "click.heading.arguments"}
_HEADINGS["Commands"] = "click.heading.commands"
_HELP_OPTION = "Show this message and exit."
_NO_LINE_START = frozenset("、，。；：！？）》」』”’,;:.!?)]}")  # punctuation that never opens a line
_NO_LINE_END = frozenset("（《「『“‘([{")  # nor ends one


def _note(part: str) -> str:
    if part == "required":
        return t("click.required")
    if part.startswith("default: "):
        return t("click.default", value=part.removeprefix("default: "))
    if part.startswith("env var: "):
        return t("click.env_var", value=part.removeprefix("env var: "))
    if found := _RANGE.fullmatch(part):
        return t("click.range", low=found[1], high=found[2])
    if found := _AT_LEAST.fullmatch(part):
        return t("click.at_least", low=found[1])
    if found := _AT_MOST.fullmatch(part):
        return t("click.at_most", high=found[1])
    return part


def help_of(text: str) -> str:
    """An option's help with click's notes after it in the user's language."""
    if text == _HELP_OPTION:
        return t("click.help_option")
    notes = _NOTES.search(text)
    if notes is None:
        return text
    parts = [_note(part) for part in notes[1].split("; ")]
    return text[: notes.start()] + t("click.notes", notes=t("click.notes_separator").join(parts))


def term_of(text: str) -> str:
    """An option's flags and metavar, the metavar in the user's language."""
    for metavar, key in _METAVARS.items():
        text = text.replace(metavar, f"<{t(key)}>")
    return text


def width_of(text: str) -> int:
    """The columns `text` takes on a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _in_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_-.'/<>")


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, broken at a space or next to a Chinese character,
    never inside a Latin word (unless it is longer than a line)."""
    lines: list[str] = []
    line = ""
    for ch in " ".join(text.split()):
        if width_of(line + ch) <= width or (ch in _NO_LINE_START and line):
            line += ch
            continue
        seq = line + ch
        cut = next((i for i in range(len(line), 0, -1) if not (_in_word(seq[i - 1]) and _in_word(seq[i]))), 0)
        while cut > 1 and seq[cut - 1] in _NO_LINE_END:
            cut -= 1
        if cut <= 0:
            cut = len(line)
        lines.append(seq[:cut].rstrip())
        line = seq[cut:].lstrip()
    return [*lines, line] if line else lines


class LocalisedFormatter(HelpFormatter):
    """click's help formatter, in the user's language, aligned by terminal columns (a Chinese
    character takes two)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for words, key in _USAGE_WORDS.items():
            args = args.replace(words, t(key))
        args = _BRACED.sub(r"\1", args)  # typer writes an argument `{member_id}`: as its Arguments entry
        super().write_usage(prog, args, t("click.usage") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        key = _HEADINGS.get(heading)
        self.write(f"{'':>{self.current_indent}}{t(key) if key else heading + ':'}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """A definition list (options, commands), as click writes one but measured in columns."""
        shown = [(term_of(term), help_of(text)) for term, text in rows]
        first = min(max((width_of(term) for term, _ in shown), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in shown:
            self.write(indent + term)
            if not text:
                self.write("\n")
                continue
            if width_of(term) <= first - col_spacing:
                self.write(" " * (first - width_of(term)))
            else:
                self.write("\n" + " " * (first + self.current_indent))
            lines = wrapped(text, max(self.width - first - 2 - self.current_indent, 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first + self.current_indent) + line + "\n")


class LocalisedContext(Context):
    formatter_class = LocalisedFormatter


def localise(command: Command) -> None:
    """Give `command` (and its subcommands) the localised help formatter."""
    command.context_class = LocalisedContext
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            localise(sub)
