"""A usage error (a bad argument, a missing one, an unknown option) as one line in the user's language."""

from __future__ import annotations

from typer._click import exceptions as click  # the click that typer runs on (vendored)

from niangjia.i18n import t


def usage_error(error: click.UsageError) -> str:
    """A usage error in the user's language, on one line, with where to find the command's usage."""
    ctx = error.ctx
    where = t("arg.help_hint", command=ctx.command_path) if ctx is not None else ""
    if isinstance(error, click.NoSuchOption):
        return t("arg.no_such_option", name=error.option_name) + where
    if not isinstance(error, click.BadParameter):
        return t("arg.usage", detail=error.format_message()) + where
    param = error.param
    hint = param.get_error_hint(ctx) if param is not None and ctx is not None else None
    if isinstance(error, click.MissingParameter):
        return t("arg.missing", param=hint or str(error.param_hint or "")) + where
    if hint:
        detail = error.message
        choices = getattr(param.type, "choices", None) if param is not None else None
        kind = getattr(param.type, "name", "") if param is not None else ""
        if kind == "int":
            detail = t("arg.int")
        elif kind == "int range" and param is not None:
            detail = t("arg.int_range", low=getattr(param.type, "min", ""), high=getattr(param.type, "max", ""))
        elif choices:
            detail = t("arg.choice", choices=", ".join(str(getattr(c, "value", c)) for c in choices))
        return t("arg.bad", param=hint, detail=detail) + where
    return t("arg.usage", detail=error.format_message()) + where
