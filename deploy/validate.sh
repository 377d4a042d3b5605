#!/usr/bin/env bash
# Deployment checks, run by .ci/run: both compose files validated by a real compose implementation
# (Debian's docker-compose parses and validates without a Docker engine), the NATS configurations
# by the pinned nats-server, and the Dockerfile's rules (pinned base, non-root USER, HEALTHCHECK, no
# secrets copied in). Reports every failure and exits non-zero when there was any.
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
    for conf in deploy/nats/nats.conf deploy/cluster/nats-*.conf; do
        if "$nats_server" -t -c "$conf" >/dev/null 2>&1; then
            echo "deploy: $conf is valid for $("$nats_server" --version)"
        else
            "$nats_server" -t -c "$conf" >&2
            echo "deploy: $conf is NOT valid" >&2
            status=1
        fi
    done
else
    echo "deploy: nats-server not found (make install provides it); NATS configurations not checked"
fi

python3 deploy/check_dockerfile.py deploy/Dockerfile || status=1
exit "$status"
