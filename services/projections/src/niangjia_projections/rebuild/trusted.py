"""A fast, trusting decoder for rebuilds: the stored bytes become the contracts' own event objects
without running pydantic's validation again.

Every event in the store was validated when its command was decided and was written by
`encode_event` (`model_dump_json`), so a rebuild may trust the bytes: it parses them with orjson,
turns the few non-JSON field types (enums, dates, Decimal, tuples) into Python values, and makes the
contract object directly. The projections then apply that object with the very code the live path
uses, so both paths share one definition of how an event changes a read model.

Anything that is not the canonical form the writer produces (another schema version, a missing or
unknown field, a value that does not convert) goes through full validation instead, so a bad event
still stops the rebuild at its position. What the trusting path does not re-check are the value
constraints the writer already enforced (lengths, patterns, ranges, cross-field rules).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from niangjia_kit.projection import Decoder, PayloadDecoder
from pydantic import BaseModel

Convert = Callable[[Any], Any]


class _Unsupported(TypeError):
    """A field type the trusting path does not know: its class is always fully validated."""


def _decimal(value: Any) -> Decimal:
    if type(value) is not str:  # the writer serialises Decimal as a string; a float would be inexact
        raise TypeError(f"expected a decimal string, got {value!r}")
    return Decimal(value)


def _members(cls: type[enum.Enum]) -> dict[Any, Any]:
    return {member.value: member for member in cls}


class _Convert(typing.NamedTuple):
    """How a field's JSON value becomes the model's: looked up in `table`, or passed to `call`;
    `optional`: None stays None."""

    table: dict[Any, Any] | None = None
    call: Convert | None = None
    optional: bool = False


def _converter(annotation: Any) -> _Convert | None:
    """How to turn the JSON value of a field of this type into the model's value (None: as it is)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            raise _Unsupported(annotation)
        inner = _converter(options[0])
        if inner is None:
            return None
        if inner.table is not None:
            return _Convert(table={None: None, **inner.table})
        return inner._replace(optional=True)
    if origin is typing.Literal:
        return None
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise _Unsupported(annotation)
        item = _converter(args[0])
        if item is None:
            return _Convert(call=tuple)
        each = _as_function(item)
        return _Convert(call=lambda value: tuple(map(each, value)))
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return _Convert(table=_members(annotation))
        if annotation is datetime:
            return _Convert(call=datetime.fromisoformat)
        if annotation is date:
            return _Convert(call=date.fromisoformat)
        if annotation is Decimal:
            return _Convert(call=_decimal)
        if annotation in (str, int, bool):
            return None
    raise _Unsupported(annotation)


def _as_function(convert: _Convert) -> Convert:
    if convert.table is not None:
        return convert.table.__getitem__
    call = convert.call
    assert call is not None
    if convert.optional:
        return lambda value: None if value is None else call(value)
    return call


_new = object.__new__
_set = object.__setattr__


def _build_function(cls: type[BaseModel], fields: frozenset[str] | None) -> Callable[[bytes], BaseModel]:
    """A function, written for `cls` here, that builds the event from canonical bytes (the fields
    in the class's order, each converted in line: no loop over the fields and no call per field
    that needs none), or raises for anything else; holding only `fields` when given."""
    scope: dict[str, Any] = {
        "loads": orjson.loads,
        "names": frozenset(cls.model_fields),
        "cls": cls,
        "new": _new,
        "set_": _set,
        "dict_": dict,
    }
    kept = [name for name in cls.model_fields if fields is None or name in fields]
    # the fields set: one set shared by every object of a frozen class (its objects never change it;
    # `model_copy` copies it before adding to it), a new one for each object of any other class
    scope["fields_set"] = set(kept)
    fields_set = "fields_set" if cls.model_config.get("frozen") else "set(values)"
    lines = [
        "def build(data):",
        "    values = loads(data)",
        "    if type(values) is not dict_ or values.keys() != names:",
        "        raise ValueError('not the canonical form')",
    ]
    if fields is not None:
        lines.append("    values = {" + ", ".join(f"{name!r}: values[{name!r}]" for name in kept) + "}")
    for index, name in enumerate(kept):
        convert = _converter(cls.model_fields[name].annotation)
        if convert is None:
            continue
        if convert.table is not None:
            scope[f"t{index}"] = convert.table
            lines.append(f"    values[{name!r}] = t{index}[values[{name!r}]]")
        elif convert.optional:
            scope[f"c{index}"] = convert.call
            lines.append(f"    v = values[{name!r}]")
            lines.append(f"    if v is not None: values[{name!r}] = c{index}(v)")
        else:
            scope[f"c{index}"] = convert.call
            lines.append(f"    values[{name!r}] = c{index}(values[{name!r}])")
    # what `model_construct` makes when every field is given, without its per-field bookkeeping
    lines += [
        "    model = new(cls)",
        "    set_(model, '__dict__', values)",
        f"    set_(model, '__pydantic_fields_set__', {fields_set})",
        "    set_(model, '__pydantic_extra__', None)",
        "    set_(model, '__pydantic_private__', None)",
        "    return model",
    ]
    exec("\n".join(lines), scope)  # noqa: S102 - the source is made above from the class's own field names
    build: Callable[[bytes], BaseModel] = scope["build"]
    return build


def trusting(
    decode: PayloadDecoder,
    classes: Mapping[str, type[BaseModel]],
    fields: frozenset[str] | None = None,
    whole: frozenset[str] = frozenset(),
) -> PayloadDecoder:
    """A payload decoder that builds `classes[type]` from canonical bytes, else calls `decode`.

    A class with a field type the fast path does not know, or with private attributes, is always
    decoded by `decode`. With `fields`, the objects built from canonical bytes hold only those of
    their fields, except those of the event types in `whole` (the others are not converted; reading
    one raises AttributeError, so `getattr(event, name, default)` gives the default): for a rebuild
    whose models read no other field. The bytes are still checked to be canonical, and anything
    else is decoded whole.
    """
    builds: dict[str, tuple[int, Callable[[bytes], BaseModel]]] = {}
    for event_type, cls in classes.items():
        if cls.__private_attributes__:
            continue
        try:
            build = _build_function(cls, None if event_type in whole else fields)
        except _Unsupported:
            continue
        builds[event_type] = (getattr(cls, "schema_version", 1), build)
    find = builds.get

    def decode_trusted(event_type: str, version: int, data: bytes) -> Any:
        plan = find(event_type)
        if plan is not None and version == plan[0]:
            try:
                return plan[1](data)
            except (ValueError, TypeError, KeyError):  # orjson.JSONDecodeError is a ValueError
                pass  # not canonical: let full validation accept it or say what is wrong
        return decode(event_type, version, data)

    return decode_trusted


class TrustingDecoder(Decoder):
    """The live decoder (full validation), which also gives a rebuild its trusting form.

    `trusted_payload` is a faster payload decoder for bytes the store already holds and that were
    validated when they were written; it must give the same event objects as `decode_payload` for
    those bytes (the live runner keeps full validation, and a rebuild must equal the live run).
    `trusted_fields(fields, whole)` is the same, holding only `fields` except in the types `whole`.
    """

    def __init__(
        self,
        decode_payload: PayloadDecoder,
        known_types: frozenset[str],
        *,
        trusted_payload: PayloadDecoder,
        trusted_fields: Callable[[frozenset[str], frozenset[str]], PayloadDecoder],
    ) -> None:
        super().__init__(decode_payload, known_types)
        self._trusted_payload = trusted_payload
        self._trusted_fields = trusted_fields

    def trusted(self, fields: frozenset[str] | None = None, whole: frozenset[str] = frozenset()) -> Decoder:
        """The decoder for a rebuild: the trusted payload decoder, building the events of the types
        not in `whole` with only `fields` when they are given (the only ones the models read)."""
        if fields is None:
            return Decoder(self._trusted_payload, self.known_types)
        return Decoder(self._trusted_fields(fields, whole), self.known_types)
