"""CLI options made from a contract's fields, so a list of facts is written once.

`options_from(model, ...)` turns a command `f(body, **own)` into a typer command whose options are
the model's fields (`--founded-on` for `founded_on`), followed by `f`'s own options; `f` receives
the request body those options make. Renames, help texts and defaults where the CLI says it
otherwise (`--host` for `host_organisation`).
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any, get_args, get_origin

import typer
from niangjia_contracts.names import FIELDS, Ambiguous, choices, name_of, parse_name
from niangjia_contracts.names import name as name_
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from typer.models import ArgumentInfo, OptionInfo

from niangjia.cli import arguments
from niangjia.errors import OPTION_FLAGS
from niangjia.i18n import language, t

Command = Callable[..., None]


def _hint(field: FieldInfo) -> str:
    """What the text of a date or an amount looks like."""
    base = _cli_type(field)[0]
    annotation = str(field.annotation)
    if "date" in annotation and base is str:
        return "YYYY-MM-DD"
    if "Decimal" in annotation:
        return t("option.yuan")
    return ""


def sentence(text: str) -> str:
    """An option's help as the others read in English: from a capital ("Women members", as "Show
    this message and exit."); Chinese as it is."""
    return text[:1].upper() + text[1:] if language() == "en" else text


def _help(name: str, field: FieldInfo) -> str:
    """The field's name in the user's language, with the form its value takes."""
    label = name_(FIELDS, name, language())
    hint = _hint(field)
    return sentence(f"{label}（{hint}）" if hint and language() != "en" else f"{label} ({hint})" if hint else label)


def _cli_type(field: FieldInfo) -> tuple[type[Any], bool]:
    """The type typer parses a field as (dates and money as text), and whether it may be None."""
    annotation = field.annotation
    args = [a for a in get_args(annotation) if a is not type(None)]
    nullable = len(args) < len(get_args(annotation))
    base = args[0] if nullable else annotation
    while get_origin(base) is Annotated:
        base = get_args(base)[0]
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return base, nullable
    if base is int:
        return int, nullable
    if base in (date, Decimal):
        return str, nullable
    return str, nullable


def _check(name: str, kind: type[Any]) -> Callable[[Any], Any] | None:
    """The argument check of a text field, by what it holds (`niangjia.cli.arguments`)."""
    if kind is not str:
        return None
    if name == "region":
        return arguments.region
    if name.endswith("_on"):
        return arguments.business_date
    if name.endswith("_id"):
        return arguments.entity_id
    return arguments.text


def _flag(parameter: inspect.Parameter) -> str | None:
    """The long flag of a command's option (`--held-on`); None for an argument."""
    infos = get_args(parameter.annotation)[1:] if get_origin(parameter.annotation) is Annotated else ()
    for info in infos:
        if isinstance(info, ArgumentInfo):
            return None
        if isinstance(info, OptionInfo):
            declared = [
                d for d in (info.default, *(info.param_decls or ())) if isinstance(d, str) and d.startswith("--")
            ]
            return declared[0] if declared else "--" + parameter.name.replace("_", "-")
    return None


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def name_parser(kind: type[enum.StrEnum]) -> Callable[[str], enum.StrEnum]:
    """Parses a code or its Chinese or English name (`非公企业`, `non-public enterprise`)."""

    def parse(text: str) -> enum.StrEnum:
        if isinstance(text, kind):  # a default, already parsed
            return text
        try:
            return parse_name(kind, text)
        except Ambiguous as several:
            named = [name_of(member, language()) for member in several.candidates]
            raise typer.BadParameter(
                t("option.ambiguous_name", value=text, names=(", " if language() == "en" else "、").join(named))
            ) from None
        except ValueError:
            raise typer.BadParameter(
                t(
                    "option.not_a_name",
                    value=text,
                    names=(", " if language() == "en" else "、").join(choices(kind, language())),
                )
            ) from None

    return parse


def enum_option(flag: str, kind: type[enum.StrEnum], help: str | None = None, default: str | None = None) -> Any:
    """An option that takes a code of `kind` or its name, its help listing the names."""
    en = language() == "en"
    names = (", " if en else "、").join(choices(kind, language()))
    text = sentence(f"{help}{': ' if en else '：'}{names}" if help else names)
    return typer.Option(
        flag,
        help=text,
        parser=name_parser(kind),
        metavar=t("option.name_metavar"),
        show_default=default if default is not None else True,
    )


def options_from(
    model: type[BaseModel],
    *,
    flags: Mapping[str, str] = {},
    helps: Mapping[str, str] = {},
    defaults: Mapping[str, Any] = {},
    exclude: Collection[str] = (),
    optional: bool = False,
) -> Callable[[Command], Command]:
    """Options for `model`'s fields (minus `exclude`): `flags` renames, `helps` describes,
    `defaults` replaces the model's defaults; `optional` makes every one default to None (the
    command sends None for an option not given)."""
    names = [name for name in model.model_fields if name not in exclude]

    def parameter(name: str) -> inspect.Parameter:
        field = model.model_fields[name]
        kind, nullable = _cli_type(field)
        default: Any = inspect.Parameter.empty
        if optional:
            default, nullable = None, True
        elif name in defaults:
            default = defaults[name]
        elif not field.is_required():
            default = field.default
        flag = flags.get(name, "--" + name.replace("_", "-"))
        described = helps.get(name) or _help(name, field)
        if issubclass(kind, enum.StrEnum):
            shown = name_of(default, language()) if isinstance(default, enum.StrEnum) else None
            option = enum_option(flag, kind, described, shown)
        else:
            option = typer.Option(flag, help=described, callback=_check(name, kind))
        annotation = Annotated[kind | None if nullable else kind, option]  # type: ignore[valid-type]
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)

    def decorate(command: Command) -> Command:
        own = list(inspect.signature(command, eval_str=True).parameters.values())[1:]  # after `body`
        parameters = [parameter(name) for name in names]
        parameters += [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]

        flags_of = MappingProxyType({p.name: flag for p in parameters if (flag := _flag(p)) is not None})

        @functools.wraps(command)
        def run(**values: Any) -> None:
            body = {name: _plain(values.pop(name)) for name in names}
            token = OPTION_FLAGS.set(flags_of)  # a refused field is then told by the option that set it
            try:
                command(body, **values)
            finally:
                OPTION_FLAGS.reset(token)

        run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        return run

    return decorate
