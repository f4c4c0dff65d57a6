#!/usr/bin/env bash
# Starts the desktop app; without a display (a server, CI) it runs under Xvfb.
set -euo pipefail
app="$1"; shift
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$app" "$@"
fi
echo "run-app: no display found; starting the app under Xvfb on :99 (screenshot: DISPLAY=:99 import -window root shot.png)"
Xvfb :99 -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=:99 "$app" "$@"
