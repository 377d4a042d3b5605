"""The command line's messages for a bad argument: each key with its Chinese (the default) and
English text (merged into `niangjia.messages.CATALOGUE`)."""

from __future__ import annotations

ARGUMENT_MESSAGES: dict[str, tuple[str, str]] = {
    "arg.bad": ("参数 {param} 有误：{detail}", "invalid value for {param}: {detail}"),
    "arg.usage": ("用法有误：{detail}", "usage error: {detail}"),
    "arg.no_such_option": ("没有这个选项：{name}", "no such option: {name}"),
    "arg.missing": ("缺少参数 {param}", "missing {param}"),
    "arg.choice": ("只能是 {choices} 之一", "must be one of {choices}"),
    "arg.int": ("应为整数", "a whole number is expected"),
    "arg.int_range": ("应为 {low} 至 {high} 之间的整数", "a whole number from {low} to {high} is expected"),
    "arg.help_hint": ("（用 {command} --help 查看用法）", " (see {command} --help)"),
    "arg.unexpected": (
        "意外错误：{detail}（设置 NIANGJIA_DEBUG=1 可查看详细信息）",
        "unexpected error: {detail} (set NIANGJIA_DEBUG=1 for the details)",
    ),
    "arg.aborted": ("已取消", "aborted"),
    "arg.region.empty": (
        "地区不能为空，也不能以 / 开头或结尾，或含有空的一级：{value}",
        "a region cannot be empty, start or end with '/', or have an empty name: {value}",
    ),
    "arg.region.dots": (
        "地区的每一级都是名称，不能是 . 或 ..：{value}",
        "a region's names cannot be '.' or '..': {value}",
    ),
    "arg.region.slash": (
        "地区只能用半角 / 分隔（不能用全角 ／ 等相似字符）：{value}",
        "a region separates its names with '/' only (not a full-width '／' or another look-alike): {value}",
    ),
    "arg.region.control": (
        "地区含有控制字符 U+{code}，请重新输入",
        "a region cannot contain the control character U+{code}",
    ),
    "arg.region.shape": (
        "地区最多 {depth} 级，每级 1 至 {length} 个字，首尾不留空格：{value}",
        "a region has at most {depth} names of 1 to {length} characters, without outer spaces: {value}",
    ),
    "arg.region.unknown": (
        "{name} 不是官方行政区划（GB/T 2260，到县级）",
        "{name} is not an official division (GB/T 2260, down to the county)",
    ),
    "arg.region.suggest": ("，是否是 {suggestion}？", "; did you mean {suggestion}?"),
    "arg.id": (
        "编号只能由字母、数字、_ . - 组成（1 至 80 个字符，以字母或数字开头）：{value}",
        "an id is 1-80 letters, digits, '_', '.', '-', starting with a letter or digit: {value}",
    ),
    "arg.date": ("日期写作 YYYY-MM-DD（1949-01-01 起）：{value}", "a date is YYYY-MM-DD, from 1949-01-01: {value}"),
    "arg.instant": (
        "时间写作带时区的 ISO 格式，如 2026-01-01T00:00:00Z 或 2026-01-01T08:00:00+08:00：{value}",
        "a time is an ISO timestamp with its zone, e.g. 2026-01-01T00:00:00Z: {value}",
    ),
    "arg.data_dir": ("数据目录必须是文件夹，不是文件：{path}", "the data folder must be a folder, not a file: {path}"),
    "arg.text": ("不能含有控制字符 U+{code}", "cannot contain the control character U+{code}"),
    "arg.subject": ("使用人写 1 至 200 个字", "a subject is 1 to 200 characters"),
}
