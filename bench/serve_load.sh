#!/usr/bin/env bash
# Load on `llmtco serve` from wrk (Debian's), on loopback only: POST /api/v1/compare
# for DURATION seconds each, first the same body every time (the page reloaded, a
# slider dragged back: the reply cache answers), then a different traffic volume
# every request (each one computed). Prints wrk's summary with the latency
# percentiles; any non-2xx reply or socket error is a failure.
#
# usage: bench/serve_load.sh [LLMTCO_BINARY] [DURATION_S] [CONNECTIONS]
set -euo pipefail

llmtco=${1:-build/llmtco}
duration=${2:-10}
connections=${3:-8}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "wrk is not installed (scripts/install-deps.sh)" >&2; exit 1; }

log=$(mktemp)
"$llmtco" serve --port 0 --threads "$connections" >"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q listening "$log" && break
  sleep 0.05
done
port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
[ -n "$port" ] || { echo "the server did not start" >&2; exit 1; }
url=http://127.0.0.1:$port/api/v1/compare

failed=0
for script in same_body varying_traffic; do
  echo "== $script: wrk -t2 -c$connections -d${duration}s --latency"
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/wrk/$script.lua" "$url")
  echo "$out"
  if grep -qE "Non-2xx|Socket errors" <<<"$out"; then failed=1; fi
done
kill -TERM "$server"
wait "$server"
trap 'rm -f "$log"' EXIT
exit "$failed"
