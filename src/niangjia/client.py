"""A small synchronous client of the services' HTTP APIs for the command line."""

from __future__ import annotations

from typing import Any

import httpx
from niangjia_contracts.names import FIELDS, name

from niangjia.config import Urls
from niangjia.errors import OPTION_FLAGS, CliError
from niangjia.i18n import language, shared_catalogue, t

__all__ = ["Api", "CliError"]


def _field_label(path: str) -> str:
    """A refused field as its user knows it: its name in the user's language and, at the command
    line, the option that set it (`活动日期（--held-on）`); a field without a name as the service
    called it."""
    segments = [s for s in path.split(".") if not s.isdigit()] or [path]
    catalogue = shared_catalogue()
    if segments[0] == "personal" and f"members.directory.{segments[-1]}" in catalogue:
        label = t(f"members.directory.{segments[-1]}")  # a member's own facts: 姓名, not an organisation's 名称
    elif segments[0] in FIELDS and len(segments) == 1:
        label = name(FIELDS, segments[0], language())
    else:
        label = path
    flag = OPTION_FLAGS.get().get(segments[-1])
    if flag is None:
        return label
    return f"{label} ({flag})" if language() == "en" else f"{label}（{flag}）"


def _field_line(item: dict[str, Any]) -> str:
    """One field a service refused, with the service's reason (in the language the client asked for)."""
    field, reason = str(item.get("field") or ""), item.get("reason", "")
    if not field:
        return f"\n  {reason}"
    return f"\n  {_field_label(field)}{': ' if language() == 'en' else '：'}{reason}"


class Api:
    def __init__(self, urls: Urls, token: str | None, timeout: float = 30.0) -> None:
        self.urls = urls
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers["Accept-Language"] = "en" if language() == "en" else "zh-CN"  # the services' messages follow
        self._client = httpx.Client(timeout=timeout, headers=headers)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _url(self, service: str, path: str) -> str:
        base: str = getattr(self.urls, service)
        return base.rstrip("/") + path

    def get(self, service: str, path: str, params: dict[str, Any] | None = None) -> Any:
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        return self._call("GET", self._url(service, path), params=clean)

    def post(self, service: str, path: str, body: dict[str, Any], idempotency_key: str | None = None) -> Any:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        clean = {k: v for k, v in body.items() if v is not None}
        return self._call("POST", self._url(service, path), json=clean, headers=headers)

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TransportError:
            raise CliError(t("error.unreachable", url=url)) from None
        if response.status_code >= 400:
            code, message, fields = str(response.status_code), response.text[:500], ""
            try:
                error = response.json().get("error", {})
                code = error.get("code", code)
                message = error.get("message", message)
                if error.get("fields"):  # the message sums them up: each said once, on its own line
                    message, fields = t("error.fields"), "".join(_field_line(item) for item in error["fields"])
            except (ValueError, AttributeError, TypeError):
                pass
            # what went wrong first; the stable code and the status after it, for whoever helps
            raise CliError(
                t("error.api", status=response.status_code, code=code, message=message) + fields,
                status=response.status_code,
                code=str(code),
            )
        if "json" in response.headers.get("content-type", ""):
            return response.json()
        return response.text
