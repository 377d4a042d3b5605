"""The dashboard: one page of plain HTML, CSS and JavaScript over the query API, served at `GET /`.

Charts use plotly.js from the installed `plotly` wheel (`plotly/package_data/plotly.min.js`), so
nothing is fetched from a CDN and nothing built is committed. The page reads its token from the
URL fragment (`/#token=...`, never sent to the server) or a login field, and keeps it in
sessionStorage.
"""

from niangjia_projections.dashboard.routes import router

__all__ = ["router"]
