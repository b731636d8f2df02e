#!/usr/bin/env bash
# The page of `llmtco serve` end to end: starts the server on a free port, drives
# the page in headless Chromium (page_test.mjs), then stops the server with
# SIGTERM and checks that it said "stopped" and exited 0. Chromium is a
# dependency (scripts/install-deps.sh): without it this FAILS.
#
# usage: page_test.sh LLMTCO_BINARY ARTIFACT_DIR
# Leaves in ARTIFACT_DIR: page.png, page-1e9.png, growth.png, explain.png and the server's
# output (server.out, server.err).
set -euo pipefail

llmtco=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ ! -x /usr/bin/chromium ]; then
  echo "FAIL: /usr/bin/chromium is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
if ! command -v node >/dev/null; then
  echo "FAIL: node is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    sleep 2
    kill -KILL "$server" 2>/dev/null || true
  fi
}
trap cleanup EXIT

"$llmtco" serve --port 0 >"$out/server.out" 2>"$out/server.err" &
server=$!

# Its first line names the port: wait up to 30 s for it.
port=""
for _ in $(seq 300); do
  port=$(sed -n '1s|^llmtco serve: listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/ .*|\1|p' \
    "$out/server.out")
  [ -n "$port" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    echo "FAIL: llmtco serve exited before listening: $(cat "$out/server.err")" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "FAIL: llmtco serve printed no 'listening on' line in 30 s" >&2
  exit 1
fi

status=0
timeout 240 node "$here/page_test.mjs" "http://127.0.0.1:$port" "$out" | tee "$out/page_test.log" ||
  status=$?
if [ "$status" -eq 124 ]; then
  echo "FAIL: the page test ran past 240 s" >&2
fi
# The browser's tally; this script adds its own check below.
passes=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p' "$out/page_test.log")
failures=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p' "$out/page_test.log")
passes=${passes:-0}
failures=${failures:-1}

# SIGTERM stops the server cleanly: "stopped" on stdout, exit 0, within 20 s.
kill -TERM "$server"
for _ in $(seq 200); do
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$server" 2>/dev/null; then
  echo "FAIL: llmtco serve still runs 20 s after SIGTERM" >&2
  echo "$passes passed, $((failures + 1)) failed"
  exit 1
fi
code=0
wait "$server" || code=$?
server=""
if [ "$code" -ne 0 ]; then
  echo "FAIL: llmtco serve exited $code after SIGTERM" >&2
  failures=$((failures + 1))
elif ! grep -q 'stopped' "$out/server.out"; then
  echo "FAIL: llmtco serve did not say it stopped" >&2
  failures=$((failures + 1))
else
  echo "ok: llmtco serve stopped on SIGTERM with exit 0"
  passes=$((passes + 1))
fi
echo "$passes passed, $failures failed"
[ "$status" -eq 0 ] && [ "$failures" -eq 0 ]
