#!/usr/bin/env bash
# Copies the end-to-end test's screenshots of the main pages (target/e2e/, written by
# `make e2e`) into docs/screenshots/ for the README. Run after `make e2e`.
set -euo pipefail
cd "$(dirname "$0")/.."
src=target/e2e
dst=docs/screenshots
mkdir -p "$dst"
for shot in 01-overview 02b-roster-mapping 02c-roster-withdraw-confirm 03-roster \
    06-schedule 07-schedule-moved 09-print 10-checkin-warning 12-progress \
    14-progress-import-preview 15-export 17-close-confirm 08a-sync-imported 08b-auto-backups 10b-print-lists \
    06b-class-settings 20-startup-damaged 98-new-campaign 99-english; do
  if [ -f "$src/$shot.png" ]; then
    cp "$src/$shot.png" "$dst/$shot.png"
  else
    echo "missing $src/$shot.png (run make e2e first)" >&2
    exit 1
  fi
done
echo "copied to $dst"
