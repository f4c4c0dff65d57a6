# Rollcall: `make run` opens the app, `make test` runs every check CI runs.
# The build cache lives outside the clone so reruns are quick.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/rollcall-target
DEBUG_BIN := $(CARGO_TARGET_DIR)/debug
VERSION := $(shell sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup ui build run test lint unit ui-test e2e bench cold-start clean-e2e types setup-dist dist test-deb test-windows

setup:
	bash scripts/setup.sh

ui: setup
	cd ui && npm run build

build: ui
	cargo build --workspace --locked

# Opens the desktop app; on an empty database it first creates the demo campaign.
run: build
	$(DEBUG_BIN)/rollcall demo --if-empty >/dev/null
	bash scripts/run-app.sh $(DEBUG_BIN)/rollcall-desktop

lint: ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

# Includes the check that ui/src/lib/generated/bindings.ts matches the Rust types.
unit: ui
	cargo test --workspace --locked

# Rewrites the UI's generated types from the Rust types (src-tauri/src/bindings.rs).
types: ui
	ROLLCALL_WRITE_UI_TYPES=1 cargo test -p rollcall-desktop --bin rollcall-desktop --locked ui_types_are_current

ui-test: setup
	cd ui && npm run check && npm test

e2e: build
	bash scripts/e2e.sh $(DEBUG_BIN)/rollcall-desktop

test: lint ui-test unit e2e

# The figures issues set targets for, then the desktop app's cold start to the overview.
bench: ui
	cargo bench --locked --bench bench
	bash scripts/cold-start.sh

cold-start: ui
	bash scripts/cold-start.sh

# The office's installable files (README "安装 / Install"), not part of `make test`: the
# cross compiler, Wine and Tauri's bundler are installed by scripts/setup-dist.sh only.
setup-dist:
	bash scripts/setup-dist.sh

# dist/rollcall_$(VERSION)_amd64.deb and dist/rollcall-$(VERSION)-windows-x64.zip.
dist: setup-dist ui
	bash scripts/dist.sh

# Installs the .deb with apt, runs it (CLI and desktop under Xvfb), removes it again.
test-deb: dist
	bash scripts/test-deb.sh dist/rollcall_$(VERSION)_amd64.deb

# The CLI and the core's tests built for Windows x64 and run under Wine.
test-windows: setup-dist
	bash scripts/test-windows.sh
