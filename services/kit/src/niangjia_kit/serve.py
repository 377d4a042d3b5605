"""Run a service app under uvicorn with the project's logging."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from niangjia_kit.logs import configure_logging
from niangjia_kit.settings import ServiceSettings, settings_error_message

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


def load_settings(cls: type[SettingsT]) -> SettingsT:
    """The settings from the environment, or exit 2 with a message naming each wrong variable."""
    try:
        return cls()
    except ValidationError as error:
        print(settings_error_message(error), file=sys.stderr)
        raise SystemExit(2) from None


def serve(service: str, settings: ServiceSettings, build: Callable[[ServiceSettings], FastAPI]) -> None:
    configure_logging(service, settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    uvicorn.run(
        build(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
    )
