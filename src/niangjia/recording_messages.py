"""The command line's messages about recording safely (a likely duplicate): each key with its Chinese
(the default) and English text (merged into `niangjia.messages.CATALOGUE`)."""

from __future__ import annotations

RECORDING_MESSAGES: dict[str, tuple[str, str]] = {
    "dup.no_input.help": (
        "不提问：遇到可能重复的组织（同名、同地区）即拒绝登记",
        "Ask nothing: refuse to record a likely duplicate (same name, same region)",
    ),
    "dup.federation": (
        "{region} 已有同名妇联“{name}”（编号 {ids}）",
        "a federation named “{name}” already stands in {region} ({ids})",
    ),
    "dup.micro_home": (
        "{region} 已有同名妇女微家“{name}”（编号 {ids}）",
        "a micro-home named “{name}” already stands in {region} ({ids})",
    ),
    "dup.question": (
        "可能重复：{what}。仍要登记一个新的吗？",
        "Likely duplicate: {what}. Record a new one all the same?",
    ),
    "dup.prompt_suffix": (" [是/否，默认否]：", " [y/N]: "),
    "dup.answer_yes_no": ("请回答 是 或 否（y/n）", "Please answer yes or no (y/n)"),
    "dup.refused": (
        "可能重复，未登记：{what}（确需登记请去掉 --no-input 后确认）",
        "likely duplicate, nothing recorded: {what} (to record it all the same, run without --no-input and confirm)",
    ),
    "dup.declined": ("未登记：已取消", "nothing recorded: cancelled"),
    "dup.unchecked": (
        "警告：未能查重（{reason}），继续登记",
        "warning: could not look for a duplicate ({reason}); recording all the same",
    ),
}
