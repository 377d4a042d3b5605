"""`niangjia-orgs`: run the orgs service (SQLite by default, EventStoreDB by NIANGJIA_STORE_URL=esdb://...)."""

from __future__ import annotations

from niangjia_kit.serve import load_settings, serve

from niangjia_orgs.bootstrap import OrgsSettings, build_app


def main() -> None:
    serve("orgs", load_settings(OrgsSettings), build_app)


if __name__ == "__main__":
    main()
