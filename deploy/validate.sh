#!/usr/bin/env bash
# Deployment checks, run by .ci/run: both compose files validated by a real compose implementation
# (Debian's docker-compose parses and validates without a Docker engine), the NATS configurations
# by the pinned nats-server, and that each requires authentication, and the Dockerfile's rules
# (pinned base, non-root USER, HEALTHCHECK, no secrets copied in). Reports every failure and exits non-zero when there was any.
set -uo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deploy: $*" >&2; exit 1; }

compose=()
if command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deploy: installing Debian's docker-compose to validate the compose files"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null) \
        || fail "docker-compose could not be installed (apt-get install -y docker-compose failed); the compose files were NOT validated"
    compose=(docker-compose)
else
    fail "no compose implementation found: install Debian's docker-compose (apt-get install -y docker-compose) or Docker's compose plugin; the compose files were NOT validated"
fi
echo "deploy: validating with $("${compose[@]}" version --short 2>/dev/null || echo "${compose[*]}")"

status=0
for file in deploy/docker-compose.yml deploy/docker-compose.cluster.yml; do
    # once with the built-in defaults, once with every value from .env.example
    if "${compose[@]}" -f "$file" config -q \
        && "${compose[@]}" --env-file deploy/.env.example -f "$file" config -q; then
        echo "deploy: $file is valid"
    else
        echo "deploy: $file is NOT valid" >&2
        status=1
    fi
done

nats_server=""
if [ -x .venv/bin/nats-server ]; then nats_server=.venv/bin/nats-server; fi
if [ -z "$nats_server" ] && command -v nats-server >/dev/null 2>&1; then nats_server=$(command -v nats-server); fi
if [ -n "$nats_server" ]; then
    # Each NATS configuration must require authentication: it includes the users file (NKEY users
    # with permissions) that `niangjia broker init` writes into the secrets folder, it never names a
    # user for connections without credentials, and a cluster node's routes come from the routes'
    # credentials file. Checked with credentials written by the project's own code next to a copy,
    # as the compose files mount them at /etc/nats/auth, and without them (the server must refuse
    # to start: no users file, no server).
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    if ! .venv/bin/python -c "import sys; from niangjia_relay.credentials import BrokerCredentials as B; b = B(sys.argv[1]); b.ensure_relay(); b.ensure_routes(['nats-1:6222', 'nats-2:6222', 'nats-3:6222'])" "$work/with/auth" 2>"$work/err"; then
        cat "$work/err" >&2
        fail "could not write test NATS credentials (make install first)"
    fi
    mkdir -p "$work/without"
    for conf in deploy/nats/nats.conf deploy/cluster/nats-*.conf; do
        problems=()
        grep -Eq '^include "auth/users.conf"' "$conf" || problems+=("does not include auth/users.conf (the NKEY users)")
        ! grep -Eq '^[^#]*no_auth_user' "$conf" || problems+=("names a no_auth_user: connections without credentials")
        ! grep -Eq '^[^#]*(authorization|accounts)[[:space:]]*[:{]' "$conf" || problems+=("has users of its own besides auth/users.conf")
        if grep -Eq '^cluster' "$conf"; then
            grep -Eq '^[[:space:]]+include "auth/cluster.conf"' "$conf" || problems+=("its cluster block does not include auth/cluster.conf (authenticated routes)")
            ! grep -Eq '^[^#]*nats://[^@]*:6222' "$conf" || problems+=("lists a route without credentials")
        fi
        cp "$conf" "$work/with/nats.conf"
        cp "$conf" "$work/without/nats.conf"
        if ! "$nats_server" -t -c "$work/with/nats.conf" >"$work/out" 2>&1; then
            cat "$work/out" >&2
            problems+=("is not valid for $("$nats_server" --version)")
        fi
        if "$nats_server" -t -c "$work/without/nats.conf" >/dev/null 2>&1; then
            problems+=("starts without the users file: it would take connections without credentials")
        fi
        if [ ${#problems[@]} -eq 0 ]; then
            echo "deploy: $conf is valid for $("$nats_server" --version) and requires authentication"
        else
            for problem in "${problems[@]}"; do echo "deploy: $conf $problem" >&2; done
            status=1
        fi
    done
else
    echo "deploy: nats-server not found (make install provides it); NATS configurations not checked"
fi

python3 deploy/check_dockerfile.py deploy/Dockerfile || status=1
exit "$status"
