#!/usr/bin/env bash
# End-to-end: the real app under Xvfb, driven through tauri-driver + WebKitWebDriver.
# Usage: scripts/e2e.sh PATH_TO_rollcall-desktop
set -euo pipefail
app="$(realpath "$1")"
here="$(cd "$(dirname "$0")/.." && pwd)"
cli="$(dirname "$app")/rollcall"
out="$here/target/e2e"
mkdir -p "$out"
work="$(mktemp -d)"
display=":$(( 90 + RANDOM % 100 ))"
port=$(( 4500 + RANDOM % 400 ))

Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
pids=($!)
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
sleep 1
DISPLAY="$display" tauri-driver --port "$port" --native-port $((port + 1)) \
  --native-driver /usr/bin/WebKitWebDriver >"$out/tauri-driver.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

DISPLAY="$display" E2E_APP="$app" E2E_CLI="$cli" E2E_PORT="$port" E2E_WORK="$work" E2E_OUT="$out" \
  node "$here/tests/e2e/run.mjs"
