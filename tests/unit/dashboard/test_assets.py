"""The dashboard's files: only local scripts and styles, and the vendored ECharts is the one its README names."""

from __future__ import annotations

import hashlib
import re

from niangjia_projections.dashboard.routes import ASSETS, GENERATED, STATIC, VENDOR


def test_the_page_loads_only_files_the_service_serves() -> None:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    local = [s for s in sources if s.startswith("/dashboard/static/") or s == "data:,"]
    assert local == sources
    for source in sources:
        name = source.rsplit("/", 1)[-1]
        assert source == "data:," or name in ASSETS or name in GENERATED or (VENDOR / name).is_file()


def test_the_vendored_echarts_is_the_pinned_build() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    digest = re.search(r"sha256 of `echarts.min.js`: `([0-9a-f]{64})`", readme)
    assert digest is not None
    assert hashlib.sha256((VENDOR / "echarts.min.js").read_bytes()).hexdigest() == digest.group(1)
    assert (VENDOR / "LICENSE-echarts").is_file() and (VENDOR / "NOTICE-echarts").is_file()


def test_no_script_offers_to_send_data_away() -> None:
    scripts = "".join((STATIC / name).read_text(encoding="utf-8") for name in ASSETS if name.endswith(".js"))
    assert "http://" not in scripts and "https://" not in scripts
    assert "dataView" not in scripts  # the only toolbox feature is saving the picture locally
