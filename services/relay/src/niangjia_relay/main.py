"""`niangjia-relay`: publish every event of the store to NATS JetStream; /health and /metrics on 8704."""

from __future__ import annotations

import asyncio
import sys

import uvicorn
from niangjia_kit.http_protocol import JsonErrorsProtocol
from niangjia_kit.logs import configure_logging
from niangjia_kit.private import keep_private
from niangjia_kit.serve import load_settings

from niangjia_relay.bootstrap import build_app
from niangjia_relay.credentials import CredentialsError, read_seed
from niangjia_relay.settings import RelaySettings

EXIT_STREAM_MISMATCH = 2


async def run(settings: RelaySettings) -> int:
    """Serve until stopped; 2 when the stream exists with a configuration the relay refuses."""
    exit_code = 0
    server: uvicorn.Server | None = None

    def on_fatal(error: BaseException) -> None:
        nonlocal exit_code
        exit_code = EXIT_STREAM_MISMATCH
        if server is not None:
            server.should_exit = True

    app = build_app(settings, on_fatal=on_fatal)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=5,
        http=JsonErrorsProtocol,
    )
    server = uvicorn.Server(config)
    await server.serve()
    return exit_code


def main() -> None:
    settings = load_settings(RelaySettings)
    if settings.nats_nkey_file is not None:
        try:
            read_seed(settings.nats_nkey_file)
        except CredentialsError as error:
            print(f"invalid configuration:\n  NIANGJIA_NATS_NKEY_FILE: {error}", file=sys.stderr)
            raise SystemExit(2) from None
    keep_private(settings.data_dir)
    configure_logging("relay", settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    raise SystemExit(asyncio.run(run(settings)))


if __name__ == "__main__":
    main()
