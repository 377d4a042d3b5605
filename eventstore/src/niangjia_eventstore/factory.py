"""Choose an adapter from a URL: `sqlite:///path`, `esdb://...`, `esdb+discover://...`, `memory://`."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from niangjia_eventstore.port import EventStore
from niangjia_eventstore.sqlite import SYNCHRONOUS_MODES

SCHEMES = ("sqlite", "esdb", "esdb+discover", "memory")


def open_store(url: str) -> EventStore:
    """The adapter `url` names.

    `sqlite:///data/events.db` is relative to the working directory, `sqlite:////var/x.db` absolute;
    `?synchronous=NORMAL` trades durability of the last commits for speed (the default is FULL).
    """
    scheme, separator, _ = url.partition("://")
    if not separator:
        raise ValueError(f"event store URL {url!r} has no scheme; use one of {_shown()}")
    scheme = scheme.lower()
    if scheme == "sqlite":
        return _open_sqlite(url)
    if scheme in ("esdb", "esdb+discover"):
        from niangjia_eventstore.esdb import EventStoreDBEventStore  # grpc loads slowly

        return EventStoreDBEventStore(url)
    if scheme == "memory":
        from niangjia_eventstore.memory import InMemoryEventStore

        return InMemoryEventStore()
    raise ValueError(f"unknown event store URL scheme {scheme!r} in {url!r}; use one of {_shown()}")


def _open_sqlite(url: str) -> EventStore:
    from niangjia_eventstore.sqlite import SQLiteEventStore

    path, synchronous = parse_sqlite_url(url)
    return SQLiteEventStore(path, synchronous=synchronous)


def parse_sqlite_url(url: str) -> tuple[str, str]:
    """The file path and synchronous mode `sqlite:///path[?synchronous=MODE]` names; ValueError otherwise.

    The services' settings check their store URL with this too, so a URL they accept at start is
    one this factory opens.
    """
    parts = urlsplit(url)
    if parts.netloc:
        raise ValueError(
            f"sqlite URL {url!r} names a host; write sqlite:///relative/path.db or sqlite:////absolute/path.db"
        )
    path = unquote(parts.path[1:])
    if not path or path == ":memory:" or path.endswith("/"):
        raise ValueError(f"sqlite URL {url!r} needs a file path, e.g. sqlite:////var/lib/niangjia/events.db")
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(options) - {"synchronous"})
    if unknown:
        raise ValueError(f"unknown sqlite URL options {unknown} in {url!r}; known: synchronous")
    mode = options.get("synchronous", "FULL")
    if mode.upper() not in SYNCHRONOUS_MODES:
        raise ValueError(f"synchronous={mode!r} in {url!r}: use one of {', '.join(SYNCHRONOUS_MODES)}")
    return path, mode


def _shown() -> str:
    return ", ".join(f"{s}://" for s in SCHEMES)
