"""Routes of the dashboard: the page and its static files."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response
from niangjia_contracts import ERASED
from niangjia_contracts.enums import RecognitionLevel
from niangjia_contracts.names import BY_ENUM, FIELDS, ROLES
from niangjia_kit.errors import ApiError

from niangjia_projections.glossary import CODES

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "vendor"
SCRIPT = "text/javascript; charset=utf-8"
ASSETS = {
    "app.js": SCRIPT,
    "audit.js": SCRIPT,
    "charts.js": SCRIPT,
    "format.js": SCRIPT,
    "i18n.js": SCRIPT,
    "ledger.js": SCRIPT,
    "regions.js": SCRIPT,
    "app.css": "text/css; charset=utf-8",
    "extras.js": SCRIPT,
    "exports.js": SCRIPT,
    "find.js": SCRIPT,
    "members.js": SCRIPT,
    "milestones.js": SCRIPT,
    "operator.js": SCRIPT,
    "extras.css": "text/css; charset=utf-8",
}
WORDS = Path(__file__).parent / "words"
LANGUAGES = ("zh", "en")
GENERATED = ("words.js", "names.js")
"""Scripts built from data: `words.js`, the cards' words from one JSON file per language; `names.js`,
the codes' and the fields' names from the names the exports write, and the erasure marker."""
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@router.get("/", response_class=HTMLResponse)
async def dashboard() -> HTMLResponse:
    return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"), headers=SECURITY_HEADERS)


@cache
def words_script() -> bytes:
    """The cards' words as a script: `window.NJ_WORDS[card][language][key]`, from `words/zh.json` and
    `words/en.json` (each `{card: {key: text}}`, so that a language is translated in one file)."""
    by_language = {lang: json.loads((WORDS / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}
    cards = {card: {lang: by_language[lang][card] for lang in LANGUAGES} for card in by_language["zh"]}
    return f"window.NJ_WORDS = {json.dumps(cards, ensure_ascii=False)};\n".encode()


@cache
def names_script() -> bytes:
    """The codes' and the facts' fields' names as a script (`window.NJ_LABELS[language][code]`,
    `window.NJ_FIELDS[language][field]`), from the names the Excel exports write (`glossary.CODES`:
    the contracts' names file) and the tokens' roles: the dashboard names a code as the exports do."""
    labels: dict[str, dict[str, str]] = {}
    fields: dict[str, dict[str, str]] = {}
    for index, lang in enumerate(LANGUAGES):
        named = {code: pair[index] for code, pair in CODES.items()}
        named.update({code: pair[index] for code, pair in ROLES.items() if code not in named})
        # a recognition's level by a key of its own: "county" alone is the organisation's level
        named.update({f"recognition.{code}": pair[index] for code, pair in BY_ENUM[RecognitionLevel].items()})
        labels[lang] = named
        fields[lang] = {key: pair[index] for key, pair in FIELDS.items()}
    return (
        f"window.NJ_LABELS = {json.dumps(labels, ensure_ascii=False)};\n"
        f"window.NJ_FIELDS = {json.dumps(fields, ensure_ascii=False)};\n"
        f"window.NJ_ERASED = {json.dumps(ERASED, ensure_ascii=False)};\n"  # an erased person's fields, as answered
    ).encode()


@router.get("/dashboard/static/{name}")
async def static_file(name: str) -> Response:
    if name == "echarts.min.js":  # vendored at a pinned version: see vendor/README.md
        return FileResponse(VENDOR / name, media_type=SCRIPT, headers={"Cache-Control": "max-age=86400"})
    if name in GENERATED:
        script = words_script() if name == "words.js" else names_script()
        return Response(script, media_type=SCRIPT, headers={"Cache-Control": "no-cache"})
    if name not in ASSETS:
        raise ApiError(404, "not_found", f"no static file {name}")
    return Response((STATIC / name).read_bytes(), media_type=ASSETS[name], headers={"Cache-Control": "no-cache"})
