"""Find members by a part of their name, for the readers allowed to see names (the admin; recorders
of the member's region). Names are sealed per person, so each candidate's data is opened with her
key and compared in Unicode NFC, case-folded; an erased member has no name left and is never found.
The reads recorded in the key store's access log are those of the members found and shown (purpose
`member_search`); a reader who may not see names is refused before anything is opened."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from niangjia_contracts import Sealed
from niangjia_kit.auth import Principal
from niangjia_kit.keystore import KeyStore
from niangjia_kit.personal import may_read_personal
from niangjia_kit.sealing import SealError, unseal
from pydantic import BaseModel, Field

from niangjia_projections.models.members.search import Candidate

PURPOSE = "member_search"


class MemberFound(BaseModel):
    member_id: str = Field(description="成员编号（化名）。The member's pseudonym.")
    federation_id: str
    region: str
    level: str
    role: str | None = Field(description="现任职务代码。Her latest role's code.")
    community_roles: list[str]
    appointed_on: str
    left_on: str | None = Field(description="离任日期；在任为空。The day she left; absent while serving.")
    name: str
    mobile: str | None
    employer: str | None
    title: str | None


class MembersFound(BaseModel):
    name: str = Field(description="查找的文本。The text looked for.")
    region: str | None
    total: int = Field(description="找到的人数。How many were found.")
    count: int = Field(description="本次返回的人数（至多 limit）。How many are listed (at most `limit`).")
    items: list[MemberFound]


def folded(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).strip().casefold())


def find(
    keys: KeyStore, principal: Principal, candidates: Iterable[Candidate], text: str, limit: int
) -> dict[str, object]:
    """The candidates whose name contains `text` that `principal` may see, the first `limit` listed;
    their reads recorded."""
    wanted = folded(text)
    found: list[dict[str, object]] = []
    total = 0
    for member in candidates:
        if member.erased or member.sealed is None or not may_read_personal(principal, member.region):
            continue
        box = Sealed.model_validate_json(member.sealed)
        key = keys.key(box.key_id)
        if key is None:
            continue
        try:
            personal = unseal(key, member.member_id, box)
        except SealError:
            continue
        if wanted not in folded(personal.name):
            continue
        total += 1
        if len(found) < limit:
            place = {k: getattr(member, k) for k in ("member_id", "federation_id", "region", "level", "role")}
            found.append(
                {
                    **place,
                    "community_roles": list(member.community_roles),
                    "appointed_on": member.appointed_on,
                    "left_on": member.left_on,
                    **personal.model_dump(),
                }
            )
    keys.record_access(principal.token_id, principal.role.value, [str(m["member_id"]) for m in found], PURPOSE)
    return {"total": total, "count": len(found), "items": found}
