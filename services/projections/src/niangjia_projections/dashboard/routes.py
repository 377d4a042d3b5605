"""Routes of the dashboard: the page and its static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response
from niangjia_kit.errors import ApiError

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


@router.get("/dashboard/static/{name}")
async def static_file(name: str) -> Response:
    if name == "echarts.min.js":  # vendored at a pinned version: see vendor/README.md
        return FileResponse(VENDOR / name, media_type=SCRIPT, headers={"Cache-Control": "max-age=86400"})
    if name not in ASSETS:
        raise ApiError(404, "not_found", f"no static file {name}")
    return Response((STATIC / name).read_bytes(), media_type=ASSETS[name], headers={"Cache-Control": "no-cache"})
