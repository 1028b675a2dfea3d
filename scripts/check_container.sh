#!/usr/bin/env bash
# Run the Dockerfile's build and run steps without Docker, in a scratch folder laid out like the
# image (/opt/venv, /app/bot, /app/data, a state folder), then use the result as the image's
# non-root user would: --help, migrate, simulate, and the bot itself against the fake Telegram
# server until /healthz, /readyz and /metrics answer. Needs Python 3.11 (the image's minor
# version) installed where the user can run it (/usr/bin, not a pyenv under /root), PyPI, and
# root for the user switch (otherwise it runs as you). Usage: scripts/check_container.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PYTHON=${PYTHON:-/usr/bin/python3.11}
RUN_AS=${RUN_AS:-nobody}
ROOT=$(mktemp -d /tmp/backcoach-image.XXXXXX)
FAKE_PID=""
BOT_PID=""
cleanup() {
    [ -n "$BOT_PID" ] && kill "$BOT_PID" 2>/dev/null || true
    [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
    rm -rf "$ROOT"
}
trap cleanup EXIT
say() { printf '== %s\n' "$*"; }

say "stage 1: venv with the dependencies from pyproject.toml (as in the Dockerfile)"
"$PYTHON" --version
"$PYTHON" scripts/requirements.py pyproject.toml ${EXTRAS:-} > "$ROOT/requirements.txt"
"$PYTHON" -m venv "$ROOT/opt/venv"
"$ROOT/opt/venv/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt" \
    > "$ROOT/pip.log" 2>&1 || { cat "$ROOT/pip.log"; exit 1; }
mkdir -p "$ROOT/app" "$ROOT/state"
# What .dockerignore lets in, minus caches.
tar -C "$REPO" --exclude=__pycache__ --exclude='*.pyc' -cf - bot data | tar -C "$ROOT/app" -xf -
"$ROOT/opt/venv/bin/python" -m compileall -q --invalidation-mode unchecked-hash "$ROOT/app/bot"

say "stage 2: run as '$RUN_AS' (not root), code read-only to it"
chmod 755 "$ROOT"
as_user() {
    local env=(env -i "PATH=$ROOT/opt/venv/bin:/usr/bin:/bin" "PYTHONPATH=$ROOT/app"
        PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 "HOME=$ROOT/state"
        "DATABASE_URL=sqlite+aiosqlite:///$ROOT/state/backcoach.db" "$@")
    if [ "$(id -u)" = 0 ]; then
        (cd "$ROOT/app" && runuser -u "$RUN_AS" -- "${env[@]}")
    else
        (cd "$ROOT/app" && "${env[@]}")
    fi
}
if [ "$(id -u)" = 0 ]; then
    chown "$RUN_AS" "$ROOT/state"
    if runuser -u "$RUN_AS" -- touch "$ROOT/app/bot/x" 2>/dev/null; then
        echo "FAIL: the code is writable by $RUN_AS"; exit 1
    fi
fi
as_user python -m bot --help | head -3
as_user python -m bot migrate
as_user python -m bot simulate --days 2 | tail -1

say "the bot itself, against the fake Telegram server; JSON logs"
PORT_API=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PORT_HEALTH=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TOKEN="4242:container-check-token-not-a-secret"
(cd "$ROOT/app" && "$ROOT/opt/venv/bin/python" -m bot.sandbox.fake_api "$PORT_API" "$TOKEN" 0 \
    > "$ROOT/fake.log" 2>&1) &
FAKE_PID=$!
as_user TELEGRAM_BOT_TOKEN="$TOKEN" TELEGRAM_API_BASE_URL="http://127.0.0.1:$PORT_API/bot" \
    HEALTH_HOST=127.0.0.1 HEALTH_PORT="$PORT_HEALTH" LOG_FORMAT=json SCHEDULER_INTERVAL_S=1 \
    python -m bot > "$ROOT/bot.log" 2>&1 &
BOT_PID=$!
ready=""
for _ in $(seq 1 60); do
    if ready=$(curl -fsS "http://127.0.0.1:$PORT_HEALTH/readyz" 2>/dev/null); then break; fi
    sleep 0.5
done
echo "readyz: ${ready:-none}"
[ -n "$ready" ] || { echo "FAIL: never ready"; cat "$ROOT/bot.log"; exit 1; }
curl -fsS "http://127.0.0.1:$PORT_HEALTH/healthz"
curl -fsS "http://127.0.0.1:$PORT_HEALTH/metrics" | grep -E '^backcoach_(updates_handled|scheduler_tick_seconds_count)'
kill "$BOT_PID"; wait "$BOT_PID" || true; BOT_PID=""
"$PYTHON" - "$ROOT/bot.log" "$TOKEN" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
records = [json.loads(line) for line in lines]  # every line is one JSON object
assert records and all({"time", "level", "logger", "message"} <= set(r) for r in records)
assert not any(sys.argv[2] in line for line in lines), "token in the logs"
print(f"{len(records)} log lines, all JSON, no token")
EOF
say "OK: the image's steps work without Docker"
