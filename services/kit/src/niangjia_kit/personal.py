"""Who may read a person's data, and reading it: names and numbers are shown to the admin and to
recorders whose scope covers the person's region; everyone else sees the pseudonym (the member id)
and counts. Every read of personal data by a principal is recorded in the key store's access log.
Once the person is erased, every personal field reads "已删除"."""

from __future__ import annotations

from niangjia_contracts import ERASED, PersonalData, Sealed
from pydantic import BaseModel

from niangjia_kit.auth import Principal, Role
from niangjia_kit.keystore import KeyStore
from niangjia_kit.sealing import unseal


class PersonalView(BaseModel):
    """A member's personal data as a permitted reader sees it ("已删除" once erased)."""

    name: str
    mobile: str | None
    employer: str | None
    title: str | None


ERASED_VIEW = PersonalView(name=ERASED, mobile=ERASED, employer=ERASED, title=ERASED)


def may_read_personal(principal: Principal, region: str) -> bool:
    """The admin, and recorders of the person's region."""
    if principal.role is Role.ADMIN:
        return True
    return principal.role is Role.RECORDER and principal.covers(region)


class Disclosure:
    """One reader's reads of personal data for one purpose; `close()` records them in the access log."""

    def __init__(self, keys: KeyStore, principal: Principal, purpose: str) -> None:
        self._keys = keys
        self._principal = principal
        self._purpose = purpose
        self._read: list[str] = []

    def open(self, member_id: str, region: str, sealed: Sealed | str | None, erased: bool) -> PersonalView | None:
        """The member's personal data for this reader: None when the reader may not see it."""
        if not may_read_personal(self._principal, region):
            return None
        if erased or sealed is None:
            return ERASED_VIEW
        box = sealed if isinstance(sealed, Sealed) else Sealed.model_validate_json(sealed)
        key = self._keys.key(box.key_id)
        if key is None:
            return ERASED_VIEW
        personal: PersonalData = unseal(key, member_id, box)
        self._read.append(member_id)
        return PersonalView.model_validate(personal.model_dump())

    def close(self) -> None:
        self._keys.record_access(self._principal.token_id, self._principal.role.value, self._read, self._purpose)
        self._read = []
