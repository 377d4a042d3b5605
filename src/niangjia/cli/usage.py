"""A usage error (a bad argument, a missing one, an unknown option) as one line in the user's language.

click's own messages are English literals (its vendored copy has no gettext): each kind of error is
told from the exception's type and fields, and the few told only by a message are recognised by it.
"""

from __future__ import annotations

import re

from typer._click import exceptions as click  # the click that typer runs on (vendored)

from niangjia.i18n import t

_EXTRA = re.compile(r"Got unexpected extra argument\(s\) \((.*)\)")
_NO_COMMAND = re.compile(r"No such command '(.*)'\.")


def _usage(error: click.UsageError) -> str:
    """An error of usage that is not about one parameter's value."""
    message = error.format_message()
    if isinstance(error, click.BadOptionUsage):
        if message.endswith("does not take a value."):
            return t("arg.takes_no_value", name=error.option_name)
        return t("arg.needs_value", name=error.option_name)
    if found := _EXTRA.fullmatch(message):
        return t("arg.extra", args=found[1])
    if found := _NO_COMMAND.fullmatch(message):
        return t("arg.no_such_command", name=found[1])
    if message == "Missing command.":
        return t("arg.missing_command")
    return t("arg.usage", detail=message)


def _detail(error: click.BadParameter) -> str:
    """What is wrong with a parameter's value."""
    param = error.param
    choices = getattr(param.type, "choices", None) if param is not None else None
    kind = getattr(param.type, "name", "") if param is not None else ""
    if kind == "int":
        return t("arg.int")
    if kind == "int range" and param is not None:
        return t("arg.int_range", low=getattr(param.type, "min", ""), high=getattr(param.type, "max", ""))
    if kind in ("float", "float range"):
        return t("arg.number")
    if kind == "boolean":
        return t("arg.bool")
    if choices:
        return t("arg.choice", choices=", ".join(str(getattr(c, "value", c)) for c in choices))
    return error.message


def usage_error(error: click.UsageError) -> str:
    """A usage error in the user's language, on one line, with where to find the command's usage."""
    ctx = error.ctx
    where = t("arg.help_hint", command=ctx.command_path) if ctx is not None else ""
    if isinstance(error, click.NoSuchOption):
        return t("arg.no_such_option", name=error.option_name) + where
    if not isinstance(error, click.BadParameter):
        return _usage(error) + where
    param = error.param
    hint = param.get_error_hint(ctx) if param is not None and ctx is not None else None
    if isinstance(error, click.MissingParameter):
        return t("arg.missing", param=hint or str(error.param_hint or "")) + where
    if hint:
        return t("arg.bad", param=hint, detail=_detail(error)) + where
    return t("arg.usage", detail=error.format_message()) + where
