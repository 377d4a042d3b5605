"""What the HTTP bodies share: unknown fields refused, and yuan as a client writes them."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _money(value: Any) -> Any:
    """Yuan as a JSON string ("1200.50") or number (1200.5); never bools, NaN or infinities."""
    if isinstance(value, bool):
        raise ValueError("a yuan amount is a number or a decimal string")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("a yuan amount must be finite")
        return Decimal(repr(value))  # the shortest repr is the decimal the client wrote
    if isinstance(value, str):
        try:
            parsed = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError("a yuan amount is a decimal such as 1200.50") from None
        if not parsed.is_finite():
            raise ValueError("a yuan amount must be finite")
        return parsed
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    Field(
        ge=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        description="Yuan, exact: a decimal string or a number with at most two decimal places",
        examples=["12800.00"],
    ),
]

MONEY = {"goods_value_yuan": Money}
"""The body's type of each yuan fact (the record's `Yuan` takes only what the store wrote)."""


class Body(BaseModel):
    """A request body: unknown fields are refused (422), not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)
