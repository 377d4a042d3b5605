"""Error messages in the caller's language: Chinese when `Accept-Language` prefers zh, else English.

The error code never changes; only `message` does. English stays the API's default so the
documented contract reads as before; the dashboard and the CLI ask for zh-CN unless told English.
A code without a Chinese sentence of its own gets its status's sentence with the English detail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# code -> Chinese sentence; {names} are the error's details (a missing one falls back to GENERIC)
MESSAGES_ZH: dict[str, str] = {
    "unauthenticated": "需要访问令牌",
    "invalid_token": "访问令牌无效或已吊销",
    "forbidden": "当前令牌的角色（{role}）无权执行此操作",
    "out_of_scope": "当前令牌的区域范围（{scope}）不包括 {region}",
    "not_found": "没有找到：{id}",
    "invalid_request": "请求有误，请检查填写的内容",
    "invalid_query": "查询条件有误",
    "invalid_header": "请求头有误",
    "body_too_large": "提交的内容过大（上限 {limit} 字节）",
    "conflict": "与已有记录冲突",
    "too_many_requests": "请求过于频繁，请稍后再试",
    "store_unavailable": "暂时无法连接事件库，本次未写入任何内容，请稍后再试",
    "disk_full": "事件库所在磁盘已满，本次未写入任何内容；请释放空间后重试",
    "store_read_only": "事件库文件当前只读，无法写入，本次未写入任何内容；请稍后再试",
    "unavailable": "服务暂时不可用，请稍后再试",
    "store_regressed": "事件库丢失了已记录的事件（位置 {position}），已停止写入；请按运维手册恢复",
    "event_corrupted": "事件库中位置 {position} 的事件已损坏，已停止写入和统计；请按运维手册恢复",
    "internal_error": "服务出现意外错误，已记录，请联系管理员",
    "already_retracted": "这条活动记录已经撤回",
    "nothing_to_record": "没有需要登记的变化",
    "idempotency_key_mismatch": "这个幂等键（Idempotency-Key）已用于另一个请求，本次没有登记任何内容；新的请求请换用新的幂等键",
    "method_not_allowed": "不支持这种请求方式",
    "unsupported_media_type": "不支持的内容类型",
    "not_acceptable": "无法提供所要求的格式",
}
GENERIC_ZH = {
    400: "请求有误",
    401: "需要有效的访问令牌",
    403: "无权访问",
    404: "没有找到",
    409: "与已有记录冲突",
    422: "请求有误",
}
_DETAIL_KEPT = frozenset({"invalid_request", "invalid_query", "invalid_header", "conflict"})


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


def localised(status: int, code: str, message: str, details: Mapping[str, Any], accept_language: str | None) -> str:
    """The message for `code` in the caller's language (`message` itself when English is wanted)."""
    if not prefers_chinese(accept_language):
        return message
    template = MESSAGES_ZH.get(code)
    if template is not None:
        try:
            text = template.format(**details)
        except (KeyError, IndexError):
            text = GENERIC_ZH.get(status, "请求未能完成")
        return f"{text}：{message}" if code in _DETAIL_KEPT else text
    generic = GENERIC_ZH.get(status, "请求未能完成")
    return f"{generic}（{code}）：{message}"
