"""The FastStream broker of the relay: one documented publisher per event type, on the relay's stream."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faststream import FastStream
from faststream.nats import NatsBroker, NatsNKey
from faststream.nats.publisher.usecase import LogicPublisher
from faststream.specification import AsyncAPI
from niangjia_contracts import EVENT_TYPES

from niangjia_relay.checkpoints import add_publisher
from niangjia_relay.messages import ENVELOPE, POSITION, known_subjects, subject_for
from niangjia_relay.settings import RelaySettings
from niangjia_relay.stream import StreamSpec

log = logging.getLogger("niangjia.relay.nats")

DOCUMENTED_URL = "nats://127.0.0.1:4222"
_DESCRIPTION = (
    "Every niangjia event, in the order of the event store, on JetStream stream {stream}. "
    "Subject niangjia.<service>.<EventType>; the body is the event's contract model as JSON; "
    "Nats-Msg-Id is the event id (JetStream drops repeats within the duplicate window); "
    f"the {POSITION} header is the event's global store position and {ENVELOPE} the whole envelope "
    "as JSON (niangjia_contracts.Envelope). "
    "The ledger's signed checkpoints go to stream {ledger}, subject niangjia-ledger.Checkpoint, each once "
    "and in the order signed; Nats-Msg-Id is checkpoint:<log id>/<tree size>/<time>/<key id>. "
    "The server takes NKEY users only: an integrator connects with the subscribe-only key its operator "
    "created (niangjia tokens create --role integrator); only the relay may publish on niangjia.> and "
    "niangjia-ledger.>."
)


@dataclass
class RelayBroker:
    broker: NatsBroker
    publishers: dict[str, LogicPublisher]
    spec: StreamSpec
    ledger_spec: StreamSpec
    subjects: dict[str, str]
    """Each event type's subject: the relay publishes through FastStream's JetStream context
    (`broker.config.connection_state.stream`) with `publish_async`, to the publishers' subjects."""


async def _on_error(error: Exception) -> None:
    if "permissions violation" in str(error).lower():  # NATS drops such a publish: the relay sees a timeout
        log.error(
            "NATS refused the relay: %s. After an upgrade, run `niangjia broker init` and reload NATS "
            "(deploy/README.md, Upgrade)",
            error,
        )
        return
    log.debug("nats: %s: %s", type(error).__name__, error)


async def _on_disconnect() -> None:
    log.warning("nats: disconnected; reconnecting")


async def _on_reconnect() -> None:
    log.warning("nats: reconnected")


def build_broker(settings: RelaySettings, *, url: str | None = None) -> RelayBroker:
    """The broker (not connected) with a publisher for every event type the contracts know."""
    spec = StreamSpec.from_settings(settings)
    servers = [server.strip() for server in (url or settings.nats_url).split(",")]
    options: dict[str, Any] = {
        "max_reconnect_attempts": -1,  # the nats-py default gives up after about two minutes
        "reconnect_time_wait": settings.reconnect_wait,
        "connect_timeout": 2.0,
        "error_cb": _on_error,
        "disconnected_cb": _on_disconnect,
        "reconnected_cb": _on_reconnect,
        "pending_size": 8 * 1024 * 1024,
        "log_level": logging.DEBUG,
    }
    if settings.nats_nkey_file is not None:
        options["security"] = NatsNKey.from_file(settings.nats_nkey_file)
    broker = NatsBroker(servers, **options)
    stream = spec.jstream()  # one object for every publisher: a stream named by string loses its config
    publishers = {
        name: broker.publisher(
            subject_for(cls.source, name),
            stream=stream,
            schema=cls,
            title=subject_for(cls.source, name),
            description=(cls.__doc__ or name).strip(),
            timeout=settings.publish_timeout,
        )
        for name, cls in sorted(EVENT_TYPES.items())
    }
    ledger = StreamSpec.ledger_from_settings(settings)
    add_publisher(broker, ledger.jstream(), settings.publish_timeout)  # the ledger's checkpoints (checkpoints.py)
    return RelayBroker(broker=broker, publishers=publishers, spec=spec, ledger_spec=ledger, subjects=known_subjects())


def asyncapi_app() -> FastStream:
    """The relay as FastStream sees it, for its AsyncAPI document:

    faststream docs gen --factory niangjia_relay.broker:asyncapi_app -o services/relay/asyncapi.json
    """
    # the server takes NKEY users only: the document declares it (the file name is a placeholder)
    settings = RelaySettings(nats_url=DOCUMENTED_URL, nats_nkey_file=Path("integrator.nk"))
    relay = build_broker(settings, url=DOCUMENTED_URL)
    return FastStream(
        relay.broker,
        specification=AsyncAPI(
            title="niangjia relay",
            version="1.0.0",
            description=_DESCRIPTION.format(stream=settings.stream_name, ledger=settings.ledger_stream_name),
        ),
    )


def asyncapi_document() -> dict[str, Any]:
    """The AsyncAPI document as `faststream docs gen` writes it."""
    schema: dict[str, Any] = asyncapi_app().schema.to_specification().to_jsonable()
    return schema
