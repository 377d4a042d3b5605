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
from typing import Annotated, Any, get_args, get_origin

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from niangjia.cli import arguments

Command = Callable[..., None]


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
    """The argument check of a field, by what it holds (`niangjia.cli.arguments`)."""
    if kind is not str:
        return None
    if name == "region":
        return arguments.region
    if name.endswith("_on"):
        return arguments.business_date
    if name.endswith("_id"):
        return arguments.entity_id
    return arguments.text


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


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
        option = typer.Option(
            flags.get(name, "--" + name.replace("_", "-")), help=helps.get(name), callback=_check(name, kind)
        )
        annotation = Annotated[kind | None if nullable else kind, option]  # type: ignore[valid-type]
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)

    def decorate(command: Command) -> Command:
        own = list(inspect.signature(command, eval_str=True).parameters.values())[1:]  # after `body`
        parameters = [parameter(name) for name in names]
        parameters += [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]

        @functools.wraps(command)
        def run(**values: Any) -> None:
            body = {name: _plain(values.pop(name)) for name in names}
            command(body, **values)

        run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        return run

    return decorate
