#!/usr/bin/env bash
# Installs what `make dist` and `make test-windows` need on top of scripts/setup.sh:
# the mingw-w64 cross compiler and the Rust target for Windows x64, Debian's Wine (to run
# the Windows build in tests), zip, and Tauri's bundler (npm, pinned in packaging/).
# Kept apart from setup.sh so `make test` on a fresh CI machine does not install Wine.
# Safe to run again; skips what is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ROLLCALL_EXTRA_APT="gcc-mingw-w64-x86-64 wine64 zip xdotool" bash "$here/scripts/setup.sh"

if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  echo "setup-dist: adding the Rust target x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi

if [ ! -x "$here/packaging/node_modules/.bin/tauri" ] \
  || [ "$here/packaging/package-lock.json" -nt "$here/packaging/node_modules/.package-lock.json" ]; then
  echo "setup-dist: installing Tauri's bundler (packaging/)"
  (cd "$here/packaging" && npm ci --no-audit --no-fund)
fi
