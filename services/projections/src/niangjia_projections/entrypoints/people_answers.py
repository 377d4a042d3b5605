"""What the members report and the chairs' directory answer, field by field (see answers.py)."""

from __future__ import annotations

from pydantic import Field

from niangjia_projections.entrypoints.answers import AS_OF, KNOWN_AT, REGION, Answer, Counts


class AreaFigures(Answer):
    pledged: int = Field(description="已认领、尚未完成的项目数。Projects pledged and not yet completed.")
    completed: int = Field(description="已完成的项目数。Projects completed.")


class Projects(Answer):
    projects: int = Field(description="“一执委一实事”项目总数。Every 'one member, one deed' project.")
    completed: int = Field(description="其中已完成的。Of them, completed.")
    service_areas: int = Field(description="涉及的服务领域数。Service areas they span.")
    by_service_area: dict[str, AreaFigures]


class MembersReport(Answer):
    """执委人数与“一执委一实事”项目（只有数量，没有姓名）。Members and projects: counts only, no names."""

    region: str | None = Field(description=REGION)
    as_of: str | None = Field(description=AS_OF)
    known_at: str | None = Field(description=KNOWN_AT)
    members: int = Field(description="截至 as_of 在任的执委人数。Members serving on as_of.")
    by_role: Counts = Field(description="按职务。By role.")
    by_level: Counts = Field(description="按所在妇联的层级。By their federation's level.")
    by_region: Counts = Field(
        description="按所在妇联的地区（region_depth：截至该层级）。By their federation's region (cut at region_depth)."
    )
    by_community_role: Counts = Field(
        description="按三长身份（一人可有多个）。By community role (one may have several)."
    )
    projects: Projects = Field(description="“一执委一实事”项目，按服务领域。Projects by service area.")


class Chair(Answer):
    member_id: str = Field(description="执委编号（假名）。The member's id, her pseudonym.")
    federation_id: str
    region: str
    level: str
    name: str | None = Field(
        description="姓名；无权查看时为空，已删除时为“已删除”。Null when not allowed; 已删除 once erased."
    )
    mobile: str | None
    employer: str | None
    title: str | None


class Directory(Answer):
    """妇委会主任通讯录。The chairs' contact directory."""

    region: str | None = Field(description=REGION)
    chairs: int
    items: list[Chair]
