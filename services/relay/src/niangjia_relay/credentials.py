"""Who may connect to NATS, and what each may do: the relay publishes, integrators only read.

Clients authenticate with NKEYs (Ed25519): the server's configuration holds only public keys, and a
client proves it holds the seed by signing the nonce the server sends. No secret ever crosses the
wire (integrators may reach NATS without TLS) and none sits in the server's configuration, so
nothing there needs hashing. The cluster's routes cannot use NKEYs: they authenticate with a user
and a random password, kept in a file of their own.

One folder holds it all (the data folder's `broker/`, or the compose secrets folder's):

    broker.json        the users: name, role, public key, who uses it (no secrets)
    users.conf         the server's `authorization` block, rendered from broker.json (include it)
    relay.nk           the relay's seed (0600), created on first use
    integrators/*.nk   each integrator's seed (0600), handed to that integrator
    cluster.conf       the routes' user, password and URLs (0600), for a cluster's nodes

The relay alone may publish to `niangjia.>`; an integrator may read the stream and keep durable
consumers on it, and nothing else (see `INTEGRATOR_PUBLISH`). After a change, the server reads
`users.conf` again on SIGHUP (`nats-server --signal reload`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import nkeys

from niangjia_relay.messages import LEDGER_SUBJECTS, STREAM_SUBJECTS

RELAY = "relay"
INTEGRATOR = "integrator"
ROUTE_USER = "niangjia-route"
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

RELAY_PUBLISH = (STREAM_SUBJECTS, LEDGER_SUBJECTS, "$JS.API.>")
INTEGRATOR_PUBLISH = (
    # read the stream: account and stream info, single messages
    "$JS.API.INFO",
    "$JS.API.STREAM.NAMES",
    "$JS.API.STREAM.LIST",
    "$JS.API.STREAM.INFO.*",
    "$JS.API.STREAM.MSG.GET.*",
    "$JS.API.DIRECT.GET.>",
    # consumers: create (durable or ephemeral, push or pull), look at them, pull from them
    "$JS.API.CONSUMER.CREATE.>",
    "$JS.API.CONSUMER.DURABLE.CREATE.>",
    "$JS.API.CONSUMER.INFO.>",
    "$JS.API.CONSUMER.NAMES.*",
    "$JS.API.CONSUMER.LIST.*",
    "$JS.API.CONSUMER.MSG.NEXT.>",
    # acknowledge messages, answer flow control
    "$JS.ACK.>",
    "$JS.FC.>",
)
"""No stream create, update, purge or delete, no message delete, no consumer delete, no `niangjia.>`
and no `niangjia-ledger.>`."""
SUBSCRIBE = ("_INBOX.>", STREAM_SUBJECTS, LEDGER_SUBJECTS)


class CredentialsError(RuntimeError):
    """A seed file that is missing or not a NATS user seed, or a name that cannot be used."""


@dataclass(frozen=True, slots=True)
class BrokerUser:
    name: str
    role: str  # RELAY or INTEGRATOR
    nkey: str  # the public key: U...
    subject: str  # who uses it
    created_at: str


def new_seed() -> str:
    """A new NATS user seed (`SU...`)."""
    seed: bytes = nkeys.encode_seed(secrets.token_bytes(32), nkeys.PREFIX_BYTE_USER)
    return seed.decode()


def public_key(seed: str) -> str:
    """The user public key (`U...`) of a seed; CredentialsError when it is not a user seed."""
    try:
        key = nkeys.from_seed(bytearray(seed.strip().encode()))
        public = str(key.public_key.decode())
    except Exception as error:  # nkeys raises its own errors, binascii's and IndexError alike
        raise CredentialsError(f"not a NATS user seed: {type(error).__name__}") from None
    if not public.startswith("U"):
        raise CredentialsError("not a NATS user seed (its public key does not start with U)")
    return public


def read_seed(path: Path) -> str:
    """The seed in `path`, checked; CredentialsError naming the file otherwise."""
    try:
        seed = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise CredentialsError(f"cannot read the NATS seed file {path}: {error}") from None
    try:
        public_key(seed)
    except CredentialsError as error:
        raise CredentialsError(f"{path}: {error}") from None
    return seed


def write_private(path: Path, text: str) -> None:
    """Write `text` readable by its owner only (0600), replacing the file in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(partial, 0o600)
    os.replace(partial, path)


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def render_users(users: list[BrokerUser]) -> str:
    """The server's `authorization` block: every user by public key, with its role's permissions.

    Never an empty list: the server would then take connections without credentials.
    """
    if not users:
        raise CredentialsError("no NATS users: create the relay's credentials first")
    lines = ["# written by niangjia from broker.json: do not edit (niangjia tokens create/revoke)", "authorization {"]
    lines.append("  users: [")
    for user in users:
        if user.role == RELAY:
            publish = f"{{ allow: {_list(RELAY_PUBLISH)} }}"
        else:
            publish = f"{{ allow: {_list(INTEGRATOR_PUBLISH)}, deny: {_list((STREAM_SUBJECTS, LEDGER_SUBJECTS))} }}"
        lines.append(f"    # {user.role} {user.name}: {json.dumps(user.subject, ensure_ascii=True)}")
        lines.append(
            f'    {{ nkey: "{user.nkey}", permissions: {{ publish: {publish}, '
            f"subscribe: {{ allow: {_list(SUBSCRIBE)} }} }} }}"
        )
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


class BrokerCredentials:
    """The folder of NATS credentials (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @property
    def users_path(self) -> Path:
        return self.folder / "users.conf"

    @property
    def relay_seed_path(self) -> Path:
        return self.folder / "relay.nk"

    @property
    def cluster_path(self) -> Path:
        return self.folder / "cluster.conf"

    def seed_path(self, name: str) -> Path:
        return self.relay_seed_path if name == RELAY else self.folder / "integrators" / f"{name}.nk"

    def users(self) -> list[BrokerUser]:
        try:
            raw = json.loads((self.folder / "broker.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        return [BrokerUser(**entry) for entry in raw["users"]]

    def _save(self, users: list[BrokerUser]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        document = json.dumps({"users": [asdict(user) for user in users]}, ensure_ascii=False, indent=2)
        write_private(self.folder / "broker.json", document + "\n")
        write_private(self.users_path, render_users(users))
        os.chmod(self.users_path, 0o644)  # public keys only: the server's user may differ from ours

    def ensure_relay(self) -> bool:
        """The relay's seed (created when missing) registered in users.conf; True when anything was written.

        users.conf is written again when it is not what this version renders (its permissions
        changed): the server takes it at its next reload (SIGHUP)."""
        path = self.relay_seed_path
        if path.exists():
            seed = read_seed(path)
        else:
            seed = new_seed()
            write_private(path, seed + "\n")
        key = public_key(seed)
        users = self.users()
        relay = [user for user in users if user.role == RELAY]
        if [user.nkey for user in relay] == [key]:
            if self._rendered(users):
                return False
            self._save(users)
            return True
        others = [user for user in users if user.role != RELAY]
        self._save([BrokerUser(RELAY, RELAY, key, "niangjia-relay", _now()), *others])
        return True

    def _rendered(self, users: list[BrokerUser]) -> bool:
        try:
            return self.users_path.read_text(encoding="utf-8") == render_users(users)
        except FileNotFoundError:
            return False

    def add_integrator(self, name: str, subject: str) -> Path:
        """A new integrator with its own seed file (0600); the path of that file."""
        if not _NAME.match(name) or name == RELAY:
            raise CredentialsError(f"{name!r} cannot name an integrator (letters, digits, - and _)")
        users = self.users()
        if any(user.name == name for user in users):
            raise CredentialsError(f"an integrator named {name!r} exists already")
        seed = new_seed()
        path = self.seed_path(name)
        write_private(path, seed + "\n")
        self._save([*users, BrokerUser(name, INTEGRATOR, public_key(seed), subject, _now())])
        return path

    def revoke(self, name: str) -> bool:
        """Remove an integrator (its seed file too); False when there is none of that name."""
        users = self.users()
        kept = [user for user in users if not (user.role == INTEGRATOR and user.name == name)]
        if len(kept) == len(users):
            return False
        self._save(kept)
        self.seed_path(name).unlink(missing_ok=True)
        return True

    def ensure_routes(self, nodes: list[str]) -> bool:
        """cluster.conf for the nodes' route addresses (`host:port`; a random route password, created
        once); True when written.

        Every node includes the same file inside its `cluster` block: it routes to all of them, and
        a node ignores the route to itself.
        """
        if self.cluster_path.exists():
            return False
        password = secrets.token_urlsafe(32)
        routes = "\n".join(f'  "nats://{ROUTE_USER}:{password}@{node}"' for node in nodes)
        write_private(
            self.cluster_path,
            "# written by niangjia broker init: the routes' credentials (keep this file secret)\n"
            f'authorization {{ user: "{ROUTE_USER}", password: "{password}" }}\n'
            f"routes: [\n{routes}\n]\n",
        )
        return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


__all__ = [
    "INTEGRATOR",
    "RELAY",
    "BrokerCredentials",
    "BrokerUser",
    "CredentialsError",
    "new_seed",
    "public_key",
    "read_seed",
    "render_users",
]
