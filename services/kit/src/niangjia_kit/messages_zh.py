"""The services' refusals in Chinese: a sentence for every error code, one for every kind of invalid
field, and the Chinese of the services' own English details.

`CODES` maps an error code to its sentence; `{names}` in it are the error's details (`id`, `founded_on`,
`guided_by`, ...). `REASONS` maps the type of a field's error (pydantic's, or the contracts' own such as
`date_out_of_range`) to the reason, `{names}` being the error's context. `DETAILS` turns the English of
a check that has no type of its own ("a federation cannot guide itself") into Chinese, pattern by
pattern. What none of them knows stays in English, after the sentence of its status.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from niangjia_contracts.enums import Campaign
from niangjia_contracts.names import BY_ENUM

CODES: Final[dict[str, str]] = {
    # tokens, roles and scopes
    "unauthenticated": "需要访问令牌",
    "invalid_token": "访问令牌无效或已吊销",
    "ambiguous_token": "只能给出一个 Authorization 请求头",
    "forbidden": "当前令牌的角色（{role}）无权执行此操作",
    "out_of_scope": "当前令牌的区域范围（{scope}）不包括 {region}",
    # requests
    "not_found": "没有找到：{id}",
    "invalid_request": "请求有误，请检查填写的内容",
    "invalid_query": "查询条件有误",
    "invalid_header": "请求头有误",
    "bad_request": "请求无法读取（内容不是有效的 JSON）",
    "body_too_large": "提交的内容过大（上限 {limit} 字节）",
    "conflict": "与已有记录冲突",
    "too_many_requests": "请求过于频繁，请稍后再试",
    "method_not_allowed": "不支持这种请求方式",
    "unsupported_media_type": "不支持的内容类型",
    "not_acceptable": "无法提供所要求的格式",
    "idempotency_key_mismatch": "这个幂等键（Idempotency-Key）已用于另一个请求，本次没有登记任何内容；新的请求请换用新的幂等键",
    "nothing_to_record": "没有需要登记的变化",
    "concurrency_conflict": "这条记录在处理期间被同时修改，本次没有登记任何内容，请重试",
    # the store, the read models and the ledger
    "store_unavailable": "暂时无法连接事件库，本次未写入任何内容，请稍后再试",
    "disk_full": "事件库所在磁盘已满，本次未写入任何内容；请释放空间后重试",
    "store_read_only": "事件库文件当前只读，无法写入，本次未写入任何内容；请稍后再试",
    "unavailable": "服务暂时不可用，请稍后再试",
    "store_regressed": "事件库丢失了已记录的事件（位置 {position}），已停止写入；请按运维手册恢复",
    "event_corrupted": "事件库中位置 {position} 的事件已损坏，已停止写入和统计；请按运维手册恢复",
    "invalid_append": "事件库拒绝了这次写入，本次没有登记任何内容",
    "read_model_behind": "统计数据还在更新（已处理到位置 {checkpoint}），请稍后重试",
    "no_ledger": "账本还没有签署任何检查点",
    "no_checkpoint": "账本还没有签署检查点",
    "internal_error": "服务出现意外错误，已记录，请联系管理员",
    # the lives of federations, micro-homes, members and projects
    "federation_not_found": "没有找到妇联组织 {id}（尚未登记成立）",
    "micro_home_not_found": "没有找到妇女微家 {id}（尚未登记开办）",
    "member_not_found": "没有找到执委 {id}（尚未登记任职）",
    "project_not_found": "没有找到项目 {id}（尚未登记认领）",
    "federation_already_founded": "妇联组织 {id} 已经登记过成立",
    "micro_home_already_opened": "妇女微家 {id} 已经登记过开办",
    "member_already_appointed": "这位执委已经登记过任职",
    "project_already_pledged": "这个项目已经登记过认领",
    "federation_already_dissolved": "妇联组织 {id} 已于 {dissolved_on} 撤销",
    "micro_home_already_closed": "妇女微家 {id} 已于 {closed_on} 关闭",
    "member_already_left": "执委 {id} 已于 {left_on} 离任",
    "project_already_completed": "这个项目已经登记过完成",
    "federation_dissolved": "妇联组织 {id} 已于 {dissolved_on} 撤销，不能再登记这项内容",
    "micro_home_closed": "妇女微家 {id} 已于 {closed_on} 关闭，不能再登记这项内容",
    "member_left": "这位执委已于 {left_on} 离任，不能再登记这项内容",
    "project_completed": "项目 {id} 已于 {completed_on} 完成，不能再登记这项内容",
    "before_founding": "妇联组织 {id} 成立于 {founded_on}，所填日期早于成立日期",
    "before_opening": "妇女微家 {id} 开办于 {opened_on}，所填日期早于开办日期",
    "before_appointment": "执委 {id} 任职于 {appointed_on}，所填日期早于任职日期",
    "before_pledge": "这个项目认领于 {pledged_on}，所填日期早于认领日期",
    "before_last_change": "这位执委的职务最近一次登记于 {last_changed_on}，所填日期不能早于它",
    # references to other organisations
    "guiding_federation_unknown": "指导单位 {guided_by} 尚未登记成立",
    "guiding_federation_not_open": "指导单位 {guided_by} 在所填日期不在存续期（尚未成立或已撤销）",
    "host_federation_unknown": "依托的妇联组织 {host_federation_id} 尚未登记成立",
    "host_federation_not_open": "依托的妇联组织 {host_federation_id} 在所填日期不在存续期（尚未成立或已撤销）",
    "member_federation_unknown": "所属的妇联组织 {federation_id} 尚未登记成立",
    "member_federation_not_open": "所属的妇联组织 {federation_id} 在所填日期不在存续期（尚未成立或已撤销）",
    "reference_out_of_region": "所引用的妇联组织位于 {reference_region}，其范围不包括 {region}",
    # executive members and their projects
    "role_unchanged": "这位执委已担任这一职务和任期，没有需要登记的变化",
    "term_ends_before_change": "任期结束日期（term_ends_on）必须晚于变更日期（changed_on）",
    "member_already_erased": "这位执委的个人信息已经删除",
    "member_erased": "这位执委的个人信息已删除，这个编号不能再次使用",
    "member_unknown": "执委 {member_id} 尚未登记任职",
    "member_not_serving": "执委 {member_id} 在认领日期不在任",
    # care activities
    "activity_exists": "关爱活动 {id} 已经登记过",
    "activity_not_found": "没有找到关爱活动 {id}",
    "activity_retracted": "关爱活动 {id} 已撤回，不能再更正",
    "already_retracted": "这条活动记录已经撤回",
    "nothing_to_correct": "更正的内容与原记录相同，没有需要更正的地方",
    "held_in_future": "活动日期（held_on）不能晚于今天",
    "campaign_not_of_quarter": "活动主题与举办日期所在季度的主题不符（该季度的主题是{expected}）",
    "unknown_organiser": "没有找到举办单位 {organiser_id}（妇联组织或妇女微家）",
    "ambiguous_organiser": "这个编号既是妇联组织也是妇女微家，请填写 organiser_kind",
    "organiser_not_yet_founded": "举办单位 {organiser_id} 成立（开办）于 {opened_on}，活动日期早于它",
    "organiser_dissolved": "举办单位 {organiser_id} 已于 {closed_on} 撤销（关闭），活动日期不能在此之后",
}
"""Each error code's Chinese sentence (the codes are stable; see the routes' OpenAPI)."""

GENERIC: Final[dict[int, str]] = {
    400: "请求有误",
    401: "需要有效的访问令牌",
    403: "无权访问",
    404: "没有找到",
    409: "与已有记录冲突",
    413: "提交的内容过大",
    422: "请求有误",
    503: "服务暂时不可用，请稍后再试",
}
"""A status's sentence, for a code without one of its own."""

REASONS: Final[dict[str, str]] = {
    "missing": "必填",
    "extra_forbidden": "没有这一项",
    "string_type": "应为文字",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不对",
    "mobile_number": "手机号应为 6 到 20 位数字，可含空格或连字符，可以 + 开头",
    "entity_id": "编号应为 1 到 80 个字母、数字或 _ . -，以字母或数字开头",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_strict": "应为整数（JSON 数字）",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "greater_than": "必须大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "必须小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "enum": "不是可选的值（可选：{expected}）",
    "literal_error": "不是可选的值（可选：{expected}）",
    "date_type": "日期应写成 YYYY-MM-DD",
    "date_parsing": "日期应写成 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期应写成 YYYY-MM-DD",
    "date_format": "日期应写成 YYYY-MM-DD，而不是 {value}",
    "date_invalid": "{value} 不是有效的日期",
    "date_out_of_range": "{value} 不在 {earliest} 至 {latest} 之间",
    "future_date": "日期不能晚于今天",
    "repeated_parameter": "只能给出一次",
    "unknown_parameter": "不是此请求的参数",
    "repeated_key": "同一个字段只能给出一次",
    "datetime_type": "时间应写成 ISO 格式，如 2024-05-01T08:00:00+08:00",
    "datetime_parsing": "时间应写成 ISO 格式，如 2024-05-01T08:00:00+08:00",
    "datetime_format": "时间应写成 ISO 格式，如 2024-05-01T08:00:00+08:00",
    "timezone_aware": "时间需要带时区，如 2024-05-01T08:00:00+08:00",
    "decimal_strict": "金额应为数字或十进制字符串",
    "decimal_parsing": "金额应为数字或十进制字符串，如 1200.50",
    "decimal_type": "金额应为数字或十进制字符串，如 1200.50",
    "decimal_max_digits": "金额的位数过多",
    "decimal_max_places": "金额最多 {decimal_places} 位小数",
    "control_character": "文字中不能含控制字符 U+{code}",
    "bidi_control": "文字中不能含改变显示方向的控制字符 U+{code}",
    "unknown_region": "不是已知的行政区划（GB/T 2260）",
    "uuid_type": "应为 UUID",
    "uuid_parsing": "应为 UUID",
    "list_type": "应为列表",
    "too_short": "至少 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "held_in_future": "活动日期不能晚于今天",
    "ambiguous_organiser": "这个编号既是妇联组织也是妇女微家，请填写 organiser_kind",
}
"""The reason of a field's error in Chinese, by the error's type."""

DETAILS: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"a federation cannot guide itself", "组织不能指导自己"),
        (r"leadership_elected_on is before founded_on", "领导班子选举日期（leadership_elected_on）早于成立日期"),
        (
            r"chamber_origin is only for the chamber_of_commerce domain",
            "只有商会领域的组织才填写商会类型（chamber_origin）",
        ),
        (r"sector .* does not match domain .*", "所填的类别（sector）与领域（domain）不符"),
        (r"term_ends_on is not after appointed_on", "任期结束日期（term_ends_on）必须晚于任职日期"),
        (r"community_roles repeats a role", "社区职务（community_roles）有重复"),
        (r"give at least one field to correct", "请至少填写一项需要更正的内容"),
        (r"a yuan amount .*", "金额应为数字或十进制字符串，如 1200.50"),
        (r"(.+) cannot be cleared, only changed", r"\1 只能修改，不能清空"),
        (
            r"the theme “.*” \(\S+\) is Q\d's, but the activity was held on (\S+), in Q(\d), whose theme is .*",
            r"活动主题与举办日期所在季度的主题不符（活动举办于 \1，属第 \2 季度）",
        ),
        (r"quarter must be 1\.\.4, got (.+)", r"季度应为 1 到 4，而不是 \1"),
        (r"a region path has 1 to (\d+) segments separated by '/'", r"地区路径由 1 到 \1 级组成，用 / 分隔"),
        (
            r"each region segment is 1-(\d+) characters with no outer spaces: (.*)",
            r"地区路径的每一级为 1 到 \1 个字符，首尾不能有空格：\2",
        ),
        (r"a region path may not contain the control character (U\+\w+)", r"地区路径中不能含控制字符 \1"),
        (r"a region path separates its names with '/' only", "地区路径只能用 / 分隔各级名称"),
        (r"a region path's names cannot be '\.' or '\.\.'", "地区路径的名称不能是 . 或 .."),
        (r"(\w+) needs a time zone.*", r"\1 需要带时区，如 2024-05-01T00:00:00Z"),
        (r"give at least one character to look for", "请至少输入一个字"),
        (r"min_position (\d+) is beyond the last recorded event", r"min_position \1 超出了已记录的最后一个事件"),
        (r"give either position or event_id", "请填写 position 或 event_id 其中之一"),
        (r"(\d+) is after the report's date (\S+)", r"\1 晚于报表日期 \2"),
        (r"(\w+) \((\S+)\) is before (\w+) \((\S+)\)", r"\1（\2）早于 \3（\4）"),
        (r"at most (\d+) event types", r"最多 \1 种事件类型"),
        (r"unknown event types ([^;]+);.*", r"不认识的事件类型：\1"),
        (r"Last-Event-ID must be a position: digits, at most (\d+)", r"Last-Event-ID 应为位置编号（数字，最大 \1）"),
        (r"(\S+) must be one of (.+)", r"\1 只能是 \2"),
        (r"Field required", "必填"),
    )
)
"""The English of checks without a type of their own (a ValueError's text), and its Chinese."""

NAMES: Final[dict[str, str]] = {}
"""Each code of the contracts' lists (a domain, a role, ...) and its Chinese name."""
for _names in BY_ENUM.values():
    for _code, (_zh, _) in _names.items():
        NAMES.setdefault(_code, _zh)


def detail(english: str) -> str:
    """`english` in Chinese where one of `DETAILS` knows it (else as it is); `field: text` keeps its field."""
    field, colon, text = english.partition(": ")
    if colon and " " not in field:
        return f"{field}：{detail(text)}"
    for pattern, chinese in DETAILS:
        found = pattern.fullmatch(english)
        if found is not None:
            return found.expand(chinese)
    return english


def reason(kind: str, context: Mapping[str, Any], english: str) -> str:
    """A field error's reason in Chinese, from its type and context (`english` when neither knows it)."""
    if kind == "value_error":
        return detail(english.removeprefix("Value error, "))
    if kind in {"enum", "literal_error"} and "expected" in context:
        return f"不是可选的值（可选：{choices(str(context['expected']))}）"
    if kind == "unknown_region" and context.get("suggestion"):
        return f"不是已知的行政区划（GB/T 2260），是否指 {context['suggestion']}？"
    if kind == "campaign_not_of_quarter" and context.get("suggestion"):
        return CODES[kind].format(expected=campaign_name(str(context["suggestion"])))
    if kind == "unknown_parameter" and context.get("suggestion"):
        return f"不是此请求的参数，是否指 {context['suggestion']}？"
    template = REASONS.get(kind)
    if template is None:
        return detail(english)
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return detail(english)


def code_sentence(code: str, details: Mapping[str, Any]) -> str | None:
    """The code's Chinese sentence with its details, None when the code has none (or a detail is missing)."""
    template = CODES.get(code)
    if template is None:
        return None
    values = dict(details)
    if code == "campaign_not_of_quarter" and "expected" in values:
        values["expected"] = campaign_name(str(values["expected"]))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return None


def choices(expected: str) -> str:
    """pydantic's list of allowed values (`'a', 'b' or 'c'`), each code with its Chinese name."""
    codes = re.findall(r"'([^']*)'", expected)
    if not codes:
        return expected
    return "、".join(f"{code}（{NAMES[code]}）" if code in NAMES else code for code in codes)


def campaign_name(code: str) -> str:
    """A campaign's Chinese name (春送温暖…) from its code."""
    names = BY_ENUM[Campaign]
    return f"“{names[code][0]}”" if code in names else code
