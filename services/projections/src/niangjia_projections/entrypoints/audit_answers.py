"""What the audit log and an entity's timeline answer, field by field (see answers.py)."""

from __future__ import annotations

from typing import Any

from niangjia_kit.personal import PersonalView
from pydantic import Field

from niangjia_projections.entrypoints.answers import AS_OF, KNOWN_AT, Answer


class AuditRecord(Answer):
    position: int = Field(description="事件在日志中的全局位置。The event's global position in the log.")
    event_id: str
    event_type: str
    schema_version: int
    stream_id: str
    stream_version: int
    entity_id: str
    region: str | None
    recorded_at: str = Field(description="系统登记时间（UTC）。When the system recorded it (UTC).")
    occurred_on: str | None = Field(description="业务日期。The business date.")
    actor: str = Field(description="登记人的假名（令牌编号）。The recorder's pseudonym (the token's id).")
    command_id: str | None
    correlation_id: str | None
    causation_id: str | None
    source: str | None
    data: dict[str, Any] = Field(
        description="事件本身，其结构见各事件的 JSON Schema。The event's payload, as its JSON Schema in "
        "contracts/schemas defines it."
    )
    personal: PersonalView | None = Field(
        default=None,
        description="执委任命事件中加密保存的个人信息：管理员可见其解密内容（已删除者各项为“已删除”），每次查看都记入"
        "访问日志；其他读者及其他事件为空。data 保持原样（密文）。The sealed personal data of an appointment, opened "
        "for the admin (every field 已删除 once erased), each read recorded in the access log; null for other "
        "readers and events. data stays as stored (ciphertext).",
    )


class AuditPage(Answer):
    """审计日志的一页。A page of the audit log."""

    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    items: list[AuditRecord]
    count: int
    next_after: int | None


class Timeline(AuditPage):
    """一个实体的全部历史。An entity's whole history."""

    entity_id: str
    status: str = Field(
        description="recorded，或 not_yet_recorded（所选时钟上尚无记录）。recorded, or not_yet_recorded on the clocks."
    )
