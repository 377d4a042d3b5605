"""Error messages in the caller's language: Chinese when `Accept-Language` prefers zh, else English.

The error code never changes; only `message` (and each field's `reason`) does. English stays the
API's default so the documented contract reads as before; the dashboard and the CLI ask for zh-CN
unless told English. The sentences are in `messages_zh`; a code without one of its own gets its
status's sentence with the detail, in Chinese where the detail is known there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from niangjia_kit import messages_zh as zh

_DETAIL_KEPT = frozenset({"invalid_request", "invalid_query", "invalid_header", "conflict"})
"""Codes whose sentence is followed by the detail (which field, which value)."""


def prefers_chinese(accept_language: str | None) -> bool:
    """True when the most preferred language of an Accept-Language header is Chinese."""
    best, best_q = "", -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > best_q:
            best, best_q = tag.strip().lower(), q
    return best.startswith("zh")


def localised(
    status: int, code: str, message: str, details: Mapping[str, Any], accept_language: str | None
) -> tuple[str, dict[str, Any]]:
    """The message for `code` in the caller's language, and the details with each field's reason in
    it (`message` and `details` themselves when English is wanted)."""
    if not prefers_chinese(accept_language):
        return message, dict(details)
    details = dict(details)
    fields = details.get("fields")
    if isinstance(fields, list):
        details["fields"] = fields = [_field_in_chinese(f) for f in fields]
    text = zh.code_sentence(code, details)
    if text is None:  # the status's sentence; the code too when it has no sentence of its own
        generic = zh.GENERIC.get(status, "请求未能完成")
        named = generic if code in zh.CODES else f"{generic}（{code}）"
        return f"{named}：{zh.detail(message)}", details
    if code not in _DETAIL_KEPT:
        return text, details
    if isinstance(fields, list) and fields:
        return f"{text}：{fields_summary(fields, chinese=True)}", details
    return f"{text}：{zh.detail(message)}", details


def fields_summary(fields: list[dict[str, str]], *, chinese: bool, most: int | None = 5) -> str:
    """The first `most` fields (every one when None) and their reasons, in one line."""
    shown = fields[:most]
    if chinese:
        return "；".join(f"{f['field']}：{f['reason']}" for f in shown)
    return "; ".join(f"{f['field']}: {f['reason']}" for f in shown)


def _field_in_chinese(field: Any) -> Any:
    """A field error given its reason in Chinese, by its type (and its `suggestion`, when it has one)."""
    if not isinstance(field, dict):
        return field
    context = {"suggestion": field["suggestion"]} if field.get("suggestion") else {}
    return {**field, "reason": zh.reason(str(field.get("type", "")), context, str(field.get("reason", "")))}


def invalid_request_message(fields: list[dict[str, str]], *, chinese: bool) -> str:
    """The message of a 422 `invalid_request` naming `fields`."""
    if chinese:
        return f"{zh.CODES['invalid_request']}：{fields_summary(fields, chinese=True)}"
    return f"the request is invalid: {fields_summary(fields, chinese=False)}"
