#!/usr/bin/env bash
# `make dist`: the office's installable files, under dist/:
#   rollcall_<version>_amd64.deb           desktop app + CLI (Tauri's bundler, .deb only)
#   rollcall-<version>-windows-x64.zip     desktop app + CLI for Windows x64 + 使用说明.txt
# The UI must be built first (make ui). Tools: scripts/setup-dist.sh.
# Usage: scripts/dist.sh [deb|windows]...   (default: both)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
target="${CARGO_TARGET_DIR:-$HOME/.cache/rollcall-target}"
win=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)"
[ -n "$version" ] || { echo "dist: no version in Cargo.toml" >&2; exit 1; }
[ -f ui/dist/index.html ] || { echo "dist: build the UI first (make ui)" >&2; exit 1; }
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(deb windows)
mkdir -p dist
log() { echo "dist: $* ($(date +%T))"; }

deb() {
  # Both packages in one build, so the CLI's dependencies get the same features as the
  # desktop's and Tauri's build below only recompiles the desktop crate (built alone,
  # the CLI would make cargo compile most of the tree twice).
  log "Linux release build of the CLI"
  cargo build --release --locked -p rollcall -p rollcall-desktop --bin rollcall
  # Settings only the package needs (the checked-in tauri.conf.json keeps bundling off
  # so `cargo build` stays quick); paths here must be absolute.
  # The release profile keeps line tables for backtraces (175 MB desktop binary); the
  # package gets stripped binaries: the CLI as a copy, the desktop app in place between
  # Tauri's build and its bundling (cargo does not relink it for that).
  local overlay stage="$target/dist-stage/deb"
  rm -rf "$stage"
  mkdir -p "$stage"
  strip -o "$stage/rollcall" "$target/release/rollcall"
  overlay="$stage/tauri.deb.json"
  python3 - "$overlay" "$stage/rollcall" "$here/packaging/rollcall.desktop.hbs" <<'PY'
import json, sys
out, cli, desktop = sys.argv[1:]
json.dump({"bundle": {
    "active": True,
    "targets": ["deb"],
    "category": "Productivity",
    "publisher": "Rollcall",
    "shortDescription": "毕业生电子照片采集：名单、拍摄安排、进度、打印与导出",
    "longDescription": "Offline diploma photo campaign manager for an academic affairs office: roster import, on-site sessions, progress, sign-in sheets and final lists. Includes the rollcall command-line tool.",
    "linux": {"deb": {
        "recommends": ["fonts-noto-cjk | fonts-wqy-microhei"],
        "section": "education",
        "files": {"/usr/bin/rollcall": cli},
        "desktopTemplate": desktop,
    }},
}}, open(out, "w"), ensure_ascii=False, indent=1)
PY
  log "the .deb (Tauri's bundler)"
  local tauri="$here/packaging/node_modules/.bin/tauri"
  (cd src-tauri && "$tauri" build --ci --no-bundle --config "$overlay" -- --locked)
  strip "$target/release/rollcall-desktop"
  (cd src-tauri && "$tauri" bundle --ci --bundles deb --config "$overlay")
  local built
  built="$(ls -t "$target"/release/bundle/deb/*_"${version}"_amd64.deb | head -1)"
  cp "$built" "dist/rollcall_${version}_amd64.deb"
  log "dist/rollcall_${version}_amd64.deb"
  dpkg-deb --info "dist/rollcall_${version}_amd64.deb" | sed -n '/Package:/,$p'
  dpkg-deb --contents "dist/rollcall_${version}_amd64.deb" | awk '{print "  " $NF}'
}

windows() {
  log "Windows x64 cross build (mingw-w64) of the CLI and the desktop app"
  cargo build --release --locked --target "$win" -p rollcall -p rollcall-desktop --bins
  local name="rollcall-${version}-windows-x64"
  local stage="$target/dist-stage/$name"
  rm -rf "$stage"
  mkdir -p "$stage"
  cp "$target/$win/release/rollcall-desktop.exe" "$target/$win/release/rollcall.exe" "$stage/"
  x86_64-w64-mingw32-strip "$stage"/*.exe
  # The desktop app loads WebView2 through Microsoft's WebView2Loader.dll (redistributable,
  # shipped in the webview2-com-sys crate; its build copies the x64 one here). The MSVC
  # target can link it statically; with mingw it stays a DLL beside the .exe.
  cp "$target/$win/release/WebView2Loader.dll" "$stage/"
  # Notepad on older Windows 10 needs the BOM to read UTF-8; CRLF line ends.
  { printf '\xef\xbb\xbf'; sed "s/{VERSION}/$version/; s/\$/\r/" packaging/使用说明.txt; } >"$stage/使用说明.txt"
  # Every DLL the .exe files import must be part of Windows 10/11 or in the zip (a mingw
  # runtime DLL such as libgcc_s or libwinpthread would make the app fail to start).
  local system=" advapi32 api-ms-win-core-synch-l1-2-0 api-ms-win-core-winrt-error-l1-1-0 \
bcryptprimitives combase comctl32 dwmapi gdi32 imm32 kernel32 msvcrt ntdll ole32 oleaut32 \
propsys rpcrt4 shell32 shlwapi user32 userenv uxtheme version winmm ws2_32 "
  echo "dist: DLLs the .exe files import:"
  for exe in "$stage"/*.exe; do
    local dlls
    dlls="$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)"
    echo "  $(basename "$exe"): $(echo $dlls)"
    for dll in $dlls; do
      case "$system" in *" ${dll%.dll} "*) continue ;; esac
      ls "$stage" | tr 'A-Z' 'a-z' | grep -qx "$dll" || { echo "dist: $dll is neither part of Windows nor shipped" >&2; exit 1; }
    done
  done
  # Python's zipfile marks non-ASCII names (使用说明.txt) as UTF-8 (flag bit 11), which
  # Windows' own unzip, 7-Zip and Bandizip read; Info-ZIP's zip may not set it.
  rm -f "dist/$name.zip"
  python3 - "$target/dist-stage" "$name" "dist/$name.zip" <<'PY'
import os, sys, zipfile
root, name, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for f in sorted(os.listdir(os.path.join(root, name))):
        z.write(os.path.join(root, name, f), f"{name}/{f}")
PY
  log "dist/$name.zip"
  python3 -m zipfile -l "dist/$name.zip"
}

for p in "${parts[@]}"; do
  start=$SECONDS
  "$p"
  log "$p took $((SECONDS - start)) s"
done
