"""The relay's JetStream stream: declared once, never changed behind an operator's back.

FastStream would update an existing stream to its own idea of the config (see `JStream(declare=True)`);
the relay passes `declare=False` and does this check instead: create the stream when it is missing,
accept it when it matches, and refuse to start, saying what differs, when it does not.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from faststream.nats import DiscardPolicy, JStream, RetentionPolicy, StorageType
from nats.js import JetStreamContext
from nats.js.api import StreamConfig
from nats.js.errors import BadRequestError, NotFoundError

from niangjia_relay.messages import LEDGER_SUBJECTS, STREAM_SUBJECTS
from niangjia_relay.settings import RelaySettings

log = logging.getLogger("niangjia.relay")

STREAM_IN_USE = 10058
"""JetStream's error code for 'stream name already in use with a different configuration'."""


class StreamConfigMismatch(RuntimeError):
    """The stream exists with a configuration the relay does not accept; nothing was changed."""


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """What the relay needs of its stream."""

    name: str
    subjects: tuple[str, ...]
    duplicate_window: float
    replicas: int
    max_bytes: int
    retention: RetentionPolicy = RetentionPolicy.LIMITS
    storage: StorageType = StorageType.FILE
    discard: DiscardPolicy = DiscardPolicy.OLD
    max_age: float = 0.0
    max_msgs: int = -1

    @classmethod
    def from_settings(cls, settings: RelaySettings) -> StreamSpec:
        return cls(
            name=settings.stream_name,
            subjects=(STREAM_SUBJECTS,),
            duplicate_window=settings.duplicate_window_seconds,
            replicas=settings.stream_replicas,
            max_bytes=settings.stream_max_bytes,
        )

    @classmethod
    def ledger_from_settings(cls, settings: RelaySettings) -> StreamSpec:
        """The ledger's checkpoints' stream (checkpoints.py): like the events' stream, on its own subjects."""
        return dataclasses.replace(
            cls.from_settings(settings), name=settings.ledger_stream_name, subjects=(LEDGER_SUBJECTS,)
        )

    def jstream(self) -> JStream:
        """The FastStream object for publishers and the AsyncAPI document; it never declares."""
        return JStream(
            self.name,
            subjects=list(self.subjects),
            retention=self.retention,
            storage=self.storage,
            duplicate_window=self.duplicate_window,
            max_age=self.max_age,
            max_bytes=self.max_bytes,
            max_msgs=self.max_msgs,
            discard=self.discard,
            num_replicas=self.replicas,
            declare=False,
        )

    def config(self) -> StreamConfig:
        """The stream as the relay creates it: the publishers' own `jstream()` config, which FastStream
        leaves without subjects (it adds them when it declares, which the relay never lets it do)."""
        return dataclasses.replace(self.jstream().config, subjects=list(self.subjects))

    def expected(self) -> dict[str, Any]:
        """The fields compared with an existing stream, in the server's own units (seconds)."""
        return {
            "subjects": sorted(self.subjects),
            "retention": str(self.retention.value),
            "storage": str(self.storage.value),
            "discard": str(self.discard.value),
            "duplicate_window": float(self.duplicate_window),
            "max_age": float(self.max_age),
            "max_bytes": self.max_bytes,
            "max_msgs": self.max_msgs,
            "num_replicas": self.replicas,
        }


def _actual(config: StreamConfig) -> dict[str, Any]:
    def value(item: Any) -> str:
        return str(getattr(item, "value", item))

    return {
        "subjects": sorted(config.subjects or []),
        "retention": value(config.retention),
        "storage": value(config.storage),
        "discard": value(config.discard),
        "duplicate_window": float(config.duplicate_window or 0.0),
        "max_age": float(config.max_age or 0.0),
        "max_bytes": config.max_bytes if config.max_bytes is not None else -1,
        "max_msgs": config.max_msgs if config.max_msgs is not None else -1,
        "num_replicas": config.num_replicas or 1,
    }


def differences(expected: Mapping[str, Any], actual: Mapping[str, Any]) -> list[str]:
    return [
        f"{key}: the stream has {actual.get(key)!r}, the relay needs {want!r}"
        for key, want in expected.items()
        if actual.get(key) != want
    ]


async def ensure_stream(js: JetStreamContext, spec: StreamSpec) -> str:
    """Create the stream or check the existing one; returns "created" or "existing".

    Raises StreamConfigMismatch (and changes nothing) when an existing stream differs.
    """
    for _ in range(3):
        try:
            info = await js.stream_info(spec.name)
        except NotFoundError:
            try:
                await js.add_stream(spec.config())
            except BadRequestError as error:
                if error.err_code == STREAM_IN_USE:
                    continue  # created meanwhile by someone else: check theirs
                raise
            return "created"
        problems = differences(spec.expected(), _actual(info.config))
        if problems:
            raise StreamConfigMismatch(
                f"JetStream stream {spec.name!r} exists with a different configuration, and the relay "
                "does not change streams it did not create as they are:\n  "
                + "\n  ".join(problems)
                + "\nChange the stream (nats stream edit), delete it, or set the relay's NIANGJIA_STREAM_* / "
                "NIANGJIA_DUPLICATE_WINDOW_SECONDS settings to match."
            )
        return "existing"
    raise StreamConfigMismatch(f"JetStream stream {spec.name!r} keeps changing while the relay checks it")


async def declare_stream(js: Callable[[], JetStreamContext], spec: StreamSpec, max_backoff: float) -> None:
    """Declare or check the stream, retrying until NATS answers; StreamConfigMismatch when it exists
    with another configuration."""
    backoff = 0.1
    while True:
        try:
            outcome = await ensure_stream(js(), spec)
            log.info("stream %s: %s", spec.name, outcome)
            return
        except StreamConfigMismatch:
            raise
        except Exception as error:  # NATS not ready yet: timeouts, no responders
            log.warning("checking stream %s failed (%s); retrying", spec.name, error)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, max_backoff)
