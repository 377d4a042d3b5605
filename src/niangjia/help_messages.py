"""The command line's words for click's own parts of a help page and of a usage error: each key with
its Chinese (the default) and English text (merged into `niangjia.messages.CATALOGUE`)."""

from __future__ import annotations

HELP_MESSAGES: dict[str, tuple[str, str]] = {
    "click.usage": ("用法：", "Usage: "),
    "click.usage.options": ("[选项]", "[OPTIONS]"),
    "click.usage.command": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "click.heading.options": ("选项：", "Options:"),
    "click.heading.arguments": ("参数：", "Arguments:"),
    "click.heading.commands": ("命令：", "Commands:"),
    "click.help_option": ("显示本帮助并退出", "Show this message and exit."),
    "click.notes": ("  [{notes}]", "  [{notes}]"),
    "click.notes_separator": ("；", "; "),
    "click.required": ("必填", "required"),
    "click.default": ("默认：{value}", "default: {value}"),
    "click.env_var": ("环境变量：{value}", "env var: {value}"),
    "click.range": ("{low} 至 {high}", "{low}<=x<={high}"),
    "click.at_least": ("不小于 {low}", "x>={low}"),
    "click.at_most": ("不大于 {high}", "x<={high}"),
    "click.metavar.text": ("文本", "text"),
    "click.metavar.int": ("整数", "integer"),
    "click.metavar.number": ("数", "number"),
    "click.metavar.path": ("路径", "path"),
    "click.metavar.choice": ("选项", "choice"),
    "option.member_id": ("执委编号", "The member's id"),
    "option.project_id": ("项目编号", "The project's id"),
    "option.entity_id": ("妇联、微家或活动的编号", "The id of a federation, a micro-home or an activity"),
    "counts.group_by": (
        "只列出这些分组（逗号分隔）：domain 领域、sector 类别、kind 组织形式、level 层级、status 状态、region 地区、"
        "setting 场所",
        "Only these groupings, comma-separated: domain, sector, kind, level, status, region, setting",
    ),
    "option.token_id": ("令牌编号（见 tokens list）", "The token's id (see tokens list)"),
    "option.year": ("年份，例如 2024", "The year, e.g. 2024"),
    "option.quarter": ("季度：Q1 至 Q4（不写则全年）", "The quarter: Q1 to Q4 (none: the whole year)"),
    "keys.backup.dest": ("新建的备份文件", "A new file for the backup"),
    "keys.restore.source": ("密钥库的备份文件", "A backup of the key store"),
    "arg.needs_value": ("选项 {name} 后面要写一个值", "option {name} needs a value"),
    "arg.takes_no_value": ("选项 {name} 不带值", "option {name} takes no value"),
    "arg.extra": ("多余的参数：{args}", "unexpected extra arguments: {args}"),
    "arg.missing_command": ("缺少命令", "missing command"),
    "arg.no_such_command": ("没有这个命令：{name}", "no such command: {name}"),
    "arg.bool": ("应为 true 或 false", "true or false is expected"),
    "arg.number": ("应为数字", "a number is expected"),
}
