#!/usr/bin/env bash
# Installs what Rollcall needs to build, run and test on Debian/Ubuntu, skipping what is
# already there. Called by `make run` and `make test`; safe to run again.
set -euo pipefail

APT_PKGS=(
  pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libssl-dev xvfb webkit2gtk-driver fonts-noto-cjk fonts-wqy-microhei poppler-utils
  imagemagick xauth libclang-dev
)
# More packages a caller needs (scripts/setup-dist.sh: the Windows cross-build and Wine).
read -r -a extra <<<"${ROLLCALL_EXTRA_APT:-}"
APT_PKGS+=("${extra[@]}")
TAURI_DRIVER_VERSION=2.1.0

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver $TAURI_DRIVER_VERSION"
  cargo install "tauri-driver@$TAURI_DRIVER_VERSION" --locked
fi

here="$(cd "$(dirname "$0")/.." && pwd)"
if [ -f "$here/ui/package.json" ]; then
  if [ ! -d "$here/ui/node_modules" ] || [ "$here/ui/package-lock.json" -nt "$here/ui/node_modules/.package-lock.json" ]; then
    echo "setup: installing UI packages"
    (cd "$here/ui" && npm ci --no-audit --no-fund)
  fi
fi
