"""The dashboard: one page of plain HTML, CSS and JavaScript over the query API, served at `GET /`.

Charts use Apache ECharts, vendored at a pinned version in `static/vendor/` (its README says how to
update it), so nothing is fetched from the internet and no chart control sends data anywhere. The page reads its token from the
URL fragment (`/#token=...`, never sent to the server) or a login field, and keeps it in
sessionStorage.
"""

from niangjia_projections.dashboard.routes import router

__all__ = ["router"]
