"""How the command line writes numbers, money, shares and times: as the dashboard does (format.js).

Chinese reports write amounts of ten thousand yuan and more in 万元 with up to two decimals
(19.98万元) and smaller ones in 元; a share as a per cent with one decimal, half up (7.6%); an instant
in China time with the zone named.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CHINA = timezone(timedelta(hours=8))
DASH = "–"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _grouped(amount: Decimal, places: int) -> str:
    """Thousands separated, at most `places` decimals, no trailing zeros."""
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def integer(value: Any) -> str:
    number = _decimal(value)
    return DASH if number is None else _grouped(number, 0)


def money(value: Any, language: str) -> str:
    """A decimal string of yuan ("199800.00") as a report writes it: 19.98万元, ¥199,800."""
    yuan = _decimal(value)
    if yuan is None:
        return DASH
    if language == "en":
        return "¥" + _grouped(yuan, 2)
    if abs(yuan) >= 10000:
        return _grouped(yuan / 10000, 2) + "万元"
    return _grouped(yuan, 2) + "元"


def percent(share: Any) -> str:
    """A share ("0.0755") as a per cent with one decimal, half up: 7.6%."""
    number = _decimal(share)
    if number is None:
        return DASH
    tenths = (number * 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{tenths / 10:.1f}%"


def instant(value: Any, language: str) -> str:
    """An ISO instant in China time with the zone named: 2024-06-14 09:30:00（北京时间）."""
    if not value:
        return DASH
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    text = at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} China time (UTC+8)" if language == "en" else f"{text}（北京时间）"
