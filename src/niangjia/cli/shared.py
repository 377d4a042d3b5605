"""Options a family of commands shares, written once: `with_shared` puts them in place of one
parameter of each command, which the command is given bound to their values (`Reading`, `Send`)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

Shared = Sequence[tuple[str, Any, Any]]
"""(parameter name, annotation with its typer option, default) of each shared option."""


def with_shared(
    command: Callable[..., None], parameter: str, shared: Shared, bind: Callable[..., Any]
) -> Callable[..., None]:
    """`command` with the `shared` options (keyword-only, after its own) in place of its
    `parameter`, which it is given as `bind(**their values)`."""
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != parameter]
    kind = inspect.Parameter.KEYWORD_ONLY
    parameters = own + [inspect.Parameter(name, kind, default=d, annotation=a) for name, a, d in shared]
    names = [name for name, _, _ in shared]

    @functools.wraps(command)
    def run(*args: Any, **values: Any) -> None:
        bound = bind(**{name: values.pop(name) for name in names})
        command(*args, **{parameter: bound}, **values)

    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run
