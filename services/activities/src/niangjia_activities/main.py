"""`niangjia-activities`: run the activities service (SQLite by default, EventStoreDB by NIANGJIA_STORE_URL=esdb://...)."""

from __future__ import annotations

from niangjia_kit.serve import load_settings, serve, tune_gc

from niangjia_activities.bootstrap import build_app
from niangjia_activities.settings import ActivitiesSettings


def main() -> None:
    tune_gc()
    serve("activities", load_settings(ActivitiesSettings), build_app)


if __name__ == "__main__":
    main()
