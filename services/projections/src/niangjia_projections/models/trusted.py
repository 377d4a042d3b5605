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
from pydantic import BaseModel

from niangjia_projections.runner.projection import PayloadDecoder

Convert = Callable[[Any], Any]


class _Unsupported(TypeError):
    """A field type the trusting path does not know: its class is always fully validated."""


def _decimal(value: Any) -> Decimal:
    if type(value) is not str:  # the writer serialises Decimal as a string; a float would be inexact
        raise TypeError(f"expected a decimal string, got {value!r}")
    return Decimal(value)


def _members(cls: type[enum.Enum]) -> dict[Any, Any]:
    return {member.value: member for member in cls}


def _converter(annotation: Any) -> Convert | None:
    """How to turn the JSON value of a field of this type into the model's value (None: as it is)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            raise _Unsupported(annotation)
        if isinstance(options[0], type) and issubclass(options[0], enum.Enum):
            return {None: None, **_members(options[0])}.__getitem__
        inner = _converter(options[0])
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if origin is typing.Literal:
        return None
    if origin is tuple:
        args = typing.get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise _Unsupported(annotation)
        item = _converter(args[0])
        if item is None:
            return tuple
        return lambda value: tuple(item(v) for v in value)
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return _members(annotation).__getitem__
        if annotation is datetime:
            return datetime.fromisoformat
        if annotation is date:
            return date.fromisoformat
        if annotation is Decimal:
            return _decimal
        if annotation in (str, int, bool):
            return None
    raise _Unsupported(annotation)


class _Plan:
    """For one event class: its field names and the converters of the fields that need one."""

    __slots__ = ("cls", "converters", "kept", "names", "version")

    def __init__(self, cls: type[BaseModel], version: int, fields: frozenset[str] | None = None) -> None:
        self.cls = cls
        self.version = version
        self.names = frozenset(cls.model_fields)
        self.kept = None if fields is None else tuple(n for n in cls.model_fields if n in fields)
        converters: list[tuple[str, Convert]] = []
        for name, field in cls.model_fields.items():
            convert = _converter(field.annotation)
            if convert is not None and (fields is None or name in fields):
                converters.append((name, convert))
        self.converters = tuple(converters)

    def build(self, data: bytes) -> BaseModel:
        values = orjson.loads(data)
        if type(values) is not dict or values.keys() != self.names:
            raise ValueError("not the canonical form")
        if self.kept is not None:
            values = {name: values[name] for name in self.kept}
        for name, convert in self.converters:
            values[name] = convert(values[name])
        return _construct(self.cls, values)


_new = object.__new__
_set = object.__setattr__


def _construct(cls: type[BaseModel], values: dict[str, Any]) -> BaseModel:
    """What `model_construct` makes when every field is given, without its per-field bookkeeping."""
    model = _new(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def trusting(
    decode: PayloadDecoder, classes: Mapping[str, type[BaseModel]], fields: frozenset[str] | None = None
) -> PayloadDecoder:
    """A payload decoder that builds `classes[type]` from canonical bytes, else calls `decode`.

    A class with a field type the fast path does not know, or with private attributes, is always
    decoded by `decode`. With `fields`, the objects built from canonical bytes hold only those of
    their fields (the others are not converted; reading one raises AttributeError, so
    `getattr(event, name, default)` gives the default): for a rebuild whose models read no other
    field. The bytes are still checked to be canonical, and anything else is decoded whole.
    """
    plans: dict[str, _Plan] = {}
    for event_type, cls in classes.items():
        if cls.__private_attributes__:
            continue
        try:
            plans[event_type] = _Plan(cls, getattr(cls, "schema_version", 1), fields)
        except _Unsupported:
            continue

    def decode_trusted(event_type: str, version: int, data: bytes) -> Any:
        plan = plans.get(event_type)
        if plan is not None and version == plan.version:
            try:
                return plan.build(data)
            except (ValueError, TypeError, KeyError, orjson.JSONDecodeError):
                pass  # not canonical: let full validation accept it or say what is wrong
        return decode(event_type, version, data)

    return decode_trusted
