"""The API docs page (`/docs`) from installed files: Swagger UI 5 as the `fastapi-offline` wheel ships it.

FastAPI's default page loads Swagger UI from a CDN and ReDoc from another, so on an intranet the
page is blank and in the open it tells a third party who reads the docs. Here both script and
style come from the service itself, and ReDoc is not offered.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from niangjia_kit.errors import ApiError

DOCS_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
}


@cache
def swagger_ui_folder() -> Path:
    """The folder of Swagger UI's dist files inside the installed `fastapi_offline` package (only its
    files are used: Swagger UI 5 reads the OpenAPI 3.1 documents FastAPI writes)."""
    return Path(str(resources.files("fastapi_offline") / "static"))


def install_api_docs(app: FastAPI) -> None:
    """`GET /docs` and its two files, none of them in the OpenAPI document."""

    @app.get("/docs", include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} · API",
            swagger_js_url="/docs/static/swagger-ui-bundle.js",
            swagger_css_url="/docs/static/swagger-ui.css",
            swagger_favicon_url="data:,",
            oauth2_redirect_url=None,
        )

    @app.get("/docs/static/{name}", include_in_schema=False)
    async def api_docs_file(name: str) -> FileResponse:
        if name not in DOCS_ASSETS:
            raise ApiError(404, "not_found", f"no docs file {name}")
        return FileResponse(
            swagger_ui_folder() / name, media_type=DOCS_ASSETS[name], headers={"Cache-Control": "max-age=86400"}
        )
