"""The facts of a care activity, listed once: the record the events carry.

`niangjia_contracts.events.CareActivityFacts` declares each fact with its type, constraints and
default, and `CorrectableField` names the facts a client gives. The commands and the HTTP bodies
take their fact fields from there (`with_facts`), so a fact added to the record is a field of each
of them, with the same constraints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_type_hints

from niangjia_contracts.events import CareActivityFacts
from niangjia_contracts.types import CorrectableField
from pydantic import BaseModel, create_model

M = TypeVar("M", bound=BaseModel)

FACT_FIELDS: tuple[CorrectableField, ...] = get_args(CorrectableField)
"""The facts a client gives, in the order the contracts list them."""

REQUIRED_FIELDS: tuple[CorrectableField, ...] = tuple(
    name for name in FACT_FIELDS if CareActivityFacts.model_fields[name].is_required()
)
"""The facts every record has; a correction may change them but not clear them."""

_TYPES: dict[str, Any] = get_type_hints(CareActivityFacts, include_extras=True)


def fact_fields(
    *, optional: bool = False, types: Mapping[str, Any] | None = None, fields: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The facts as `create_model` field definitions, each with the record's type and default;
    `types` gives some another type, `fields` another `Field(...)` (a description, a default);
    `optional`: every fact may be left out (`type | None = None`)."""
    definitions: dict[str, Any] = {}
    for name in FACT_FIELDS:
        kind: Any = (types or {}).get(name, _TYPES[name])
        default: Any = None if optional else CareActivityFacts.model_fields[name].default
        definitions[name] = (kind | None if optional else kind, (fields or {}).get(name, default))
    return definitions


class HasFacts:
    """A model whose facts `with_facts` adds: to type checkers each fact is an attribute of type Any
    (its type is the record's, known only at run time)."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...


def with_facts(
    *, optional: bool = False, types: Mapping[str, Any] | None = None, fields: Mapping[str, Any] | None = None
) -> Callable[[type[M]], type[M]]:
    """A class decorator: the model as declared, with the care activity's facts added after its own
    fields (see `fact_fields`). The class keeps its name, module and docstring; type checkers see the
    declared fields, and the facts as `HasFacts` declares them."""

    def derive(cls: type[M]) -> type[M]:
        derived: type[M] = create_model(
            cls.__name__,
            __base__=cls,
            __module__=cls.__module__,
            __doc__=cls.__doc__,
            **fact_fields(optional=optional, types=types, fields=fields),
        )
        derived.__qualname__ = cls.__qualname__
        return derived

    return derive
