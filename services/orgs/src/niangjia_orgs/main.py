"""`niangjia-orgs`: run the orgs service (SQLite by default, EventStoreDB by NIANGJIA_STORE_URL=esdb://...)."""

from __future__ import annotations

from niangjia_kit.serve import load_settings, serve, tune_gc

from niangjia_orgs.bootstrap import OrgsSettings, build_app


def main() -> None:
    settings = load_settings(OrgsSettings)
    tune_gc()
    serve("orgs", settings, build_app)


if __name__ == "__main__":
    main()
