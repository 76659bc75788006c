#!/usr/bin/env bash
# `npm start` twice on the same data, the first one killed with SIGKILL: the second must
# come up (stopping the orphaned PostgreSQL) and still have the demo data of the first.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-3996}
log=$(mktemp)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done; rm -f "$log"; }
trap cleanup EXIT

start() {
  PORT=$port setsid npm start >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 90); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    sleep 1
  done
  tail -30 "$log"; echo "not ready after 90 s"; return 1
}

start
echo "first start ready; killing the app (not its PostgreSQL) with SIGKILL"
pkill -9 -g "${pids[0]}" -f "dist/src/main.js"
sleep 1
start
grep -q "left running by an earlier process" "$log" && echo "the orphaned PostgreSQL was stopped and replaced"
# The demo password is generated at the first start and kept beside the data.
curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"anna@eastbrook.example\",\"password\":\"$(cat "${DATA_DIR:-.data}/demo-password")\"}" >/dev/null
echo "second start ready with the first start's data: OK"
