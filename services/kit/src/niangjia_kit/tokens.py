"""Bearer tokens, roles and region scopes: the tokens file, without the web framework.

Tokens live hashed in a JSON file the operator controls (mode 0600). A token reads
`nj_<id>_<secret>`: the id finds the entry, the secret is compared with its SHA-256 digest in
constant time. The file is re-read when it changes, so issuing or revoking needs no restart.
"""

from __future__ import annotations

import dataclasses
import enum
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from niangjia_contracts import region_within
from niangjia_contracts.types import check_region


class Role(enum.StrEnum):
    RECORDER = "recorder"
    REPORTER = "reporter"
    AUDITOR = "auditor"
    INTEGRATOR = "integrator"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    RECORD = "record"
    REPORT = "report"
    AUDIT = "audit"
    FEED = "feed"
    ADMIN = "admin"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.RECORDER: frozenset({Permission.RECORD, Permission.REPORT}),
    Role.REPORTER: frozenset({Permission.REPORT}),
    Role.AUDITOR: frozenset({Permission.REPORT, Permission.AUDIT}),
    Role.INTEGRATOR: frozenset({Permission.FEED}),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the token's subject, role and region scope (None: everywhere)."""

    subject: str
    role: Role
    scope: str | None
    token_id: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def covers(self, region: str) -> bool:
        return self.scope is None or region_within(region, self.scope)


@dataclass(frozen=True, slots=True)
class TokenEntry:
    token_id: str
    subject: str
    role: Role
    scope: str | None
    digest: str
    created_at: str
    revoked_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.token_id,
            "subject": self.subject,
            "role": self.role.value,
            "scope": self.scope,
            "sha256": self.digest,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TokenEntry:
        return cls(
            token_id=str(raw["id"]),
            subject=str(raw["subject"]),
            role=Role(raw["role"]),
            scope=raw.get("scope"),
            digest=str(raw["sha256"]),
            created_at=str(raw.get("created_at", "")),
            revoked_at=raw.get("revoked_at"),
        )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenFileError(RuntimeError):
    """The tokens file is unreadable or malformed."""


class TokenStore:
    """The tokens file: issue, revoke, list, and authenticate bearer tokens."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._entries: dict[str, TokenEntry] = {}

    # -- reading ------------------------------------------------------------------------------

    def _load(self) -> dict[str, TokenEntry]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._stamp:
                self._entries = self._parse(self.path.read_text(encoding="utf-8"))
                self._stamp = stamp
            return self._entries

    def _parse(self, text: str) -> dict[str, TokenEntry]:
        try:
            raw = json.loads(text) if text.strip() else {"tokens": []}
            return {e.token_id: e for e in map(TokenEntry.from_json, raw["tokens"])}
        except (ValueError, KeyError, TypeError) as error:
            raise TokenFileError(f"tokens file {self.path} is malformed: {error}") from error

    def entries(self) -> list[TokenEntry]:
        return list(self._load().values())

    def authenticate(self, token: str) -> Principal | None:
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "nj":
            return None
        entry = self._load().get(parts[1])
        if entry is None or entry.revoked_at is not None:
            return None
        if not hmac.compare_digest(entry.digest, _digest(parts[2])):
            return None
        return Principal(subject=entry.subject, role=entry.role, scope=entry.scope, token_id=entry.token_id)

    # -- writing ------------------------------------------------------------------------------

    @contextmanager
    def _editing(self) -> Iterator[dict[str, TokenEntry]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            text = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
            entries = self._parse(text)
            yield entries
            tmp = self.path.with_name(self.path.name + ".tmp")
            body = {"version": 1, "tokens": [e.to_json() for e in entries.values()]}
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(body, out, ensure_ascii=False, indent=2)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)

    def issue(self, subject: str, role: Role, scope: str | None = None) -> tuple[TokenEntry, str]:
        """Create a token; returns its entry and the secret token string (shown once)."""
        if not subject.strip() or len(subject) > 200:
            raise ValueError("a token's subject is 1-200 characters")
        if scope is not None:
            check_region(scope)
        token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        entry = TokenEntry(
            token_id=token_id,
            subject=subject,
            role=Role(role),
            scope=scope,
            digest=_digest(secret),
            created_at=datetime.now(UTC).isoformat(),
        )
        with self._editing() as entries:
            entries[token_id] = entry
        return entry, f"nj_{token_id}_{secret}"

    def revoke(self, token_id: str) -> bool:
        with self._editing() as entries:
            entry = entries.get(token_id)
            if entry is None or entry.revoked_at is not None:
                return False
            entries[token_id] = dataclasses.replace(entry, revoked_at=datetime.now(UTC).isoformat())
        return True
