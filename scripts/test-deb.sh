#!/usr/bin/env bash
# `make test-deb`: installs dist/rollcall_<version>_amd64.deb with apt (as the office would),
# runs `rollcall` from PATH, opens the installed desktop app under Xvfb until the overview
# is drawn (screenshot in $CARGO_TARGET_DIR/test-deb/overview.png), then removes the package
# and checks the user's database is still there. Needs root (apt-get); changes the system
# only for the test: the package is removed again at the end.
set -euo pipefail
deb="$(realpath "$1")"
target="${CARGO_TARGET_DIR:-$HOME/.cache/rollcall-target}"
out="$target/test-deb"
mkdir -p "$out"
rm -f "$out"/*.png
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# A home of its own: the developer's own ~/.local/share/rollcall is never touched.
home="$(mktemp -d)"
export HOME="$home"
unset XDG_DATA_HOME ROLLCALL_DB DISPLAY WAYLAND_DISPLAY
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$home"; }
trap cleanup EXIT
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

echo "== apt-get install $deb"
start=$SECONDS
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --reinstall "$deb" >"$out/apt-install.log" 2>&1 \
  || { cat "$out/apt-install.log"; fail "apt-get install"; }
ok "installed in $((SECONDS - start)) s"
dpkg -s rollcall | grep -E '^(Version|Depends|Recommends):' | sed 's/^/    /'

# From PATH, as a user would type them, not from the build folder.
[ "$(command -v rollcall)" = /usr/bin/rollcall ] || fail "rollcall is not /usr/bin/rollcall"
[ "$(command -v rollcall-desktop)" = /usr/bin/rollcall-desktop ] || fail "rollcall-desktop not on PATH"
version="$(dpkg-query -W -f='${Version}' rollcall)"
[ "$(rollcall --version)" = "rollcall $version" ] || fail "rollcall --version: $(rollcall --version)"
ok "rollcall --version: $(rollcall --version)"
rollcall demo >/dev/null
db="$HOME/.local/share/rollcall/rollcall.sqlite3"
[ -s "$db" ] || fail "rollcall demo made no database at $db"
rollcall status | grep -q 高明 || fail "rollcall status"
ok "rollcall demo and status from PATH; database in the user's data folder ($db)"

desktop=/usr/share/applications/rollcall-desktop.desktop
[ -f "$desktop" ] || desktop="$(dpkg -L rollcall | grep '\.desktop$' | head -1)"
sed 's/^/    /' "$desktop"
grep -q '^Name=Rollcall 毕业照片采集$' "$desktop" || fail "desktop entry has no Chinese name"
grep -q '^Exec=rollcall-desktop$' "$desktop" || fail "desktop entry does not start rollcall-desktop"
icon="$(sed -n 's/^Icon=//p' "$desktop")"
ls /usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null 2>&1 || fail "no icon $icon"
ok "desktop entry $desktop with its name, command and icon ($(ls /usr/share/icons/hicolor/*/apps/"$icon".png | wc -l) sizes)"

echo "== the installed desktop app under Xvfb"
display=":$((200 + RANDOM % 300))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
pids+=($!)
sleep 1
export DISPLAY="$display"
start=$SECONDS
rollcall-desktop >"$out/app.log" 2>&1 &
pids+=($!)
app=$!
# Drawn: the window exists and the screen has settled with more than a blank page on it.
shot="$out/overview.png"
drawn=""
for _ in $(seq 60); do
  sleep 1
  kill -0 "$app" 2>/dev/null || { cat "$out/app.log"; fail "the app exited"; }
  xdotool search --name Rollcall >/dev/null 2>&1 || continue
  import -window root "$shot"
  colours="$(identify -format %k "$shot")"
  if [ "$colours" -gt 200 ]; then drawn=yes; break; fi
done
[ -n "$drawn" ] || fail "the overview was not drawn within 60 s (last screenshot: $shot)"
sleep 2
import -window root "$shot"
ok "window drawn after about $((SECONDS - start)) s; screenshot $shot ($(identify -format '%wx%h, %k colours' "$shot"))"
# 设置 → 关于 shows the version: click 设置 in the side bar, screenshot that page too.
wid="$(xdotool search --name Rollcall | head -1)"
xdotool mousemove --window "$wid" 35 369 click 1
sleep 2
import -window root "$out/settings-about.png"
ok "设置 page: $out/settings-about.png"
kill "$app"; wait "$app" 2>/dev/null || true

echo "== apt-get remove keeps the user's data"
sum="$(sha256sum <"$db")"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq rollcall >"$out/apt-remove.log" 2>&1 \
  || { cat "$out/apt-remove.log"; fail "apt-get remove"; }
[ ! -e /usr/bin/rollcall ] && [ ! -e /usr/bin/rollcall-desktop ] || fail "binaries left after remove"
[ "$(sha256sum <"$db")" = "$sum" ] || fail "the database changed or vanished on remove"
ok "removed; $db kept unchanged"
echo "test-deb: passed"
