# dlab: build, test and serve. `make serve` to use the lab, `make test` for everything.
# Every target is idempotent; scripts/setup.sh skips tools that are already installed.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8000
WASM_TARGET := wasm32-unknown-unknown
RAW_WASM := target/$(WASM_TARGET)/release/dlab.wasm
PKG := www/pkg
# Features rustc 1.95 emits by default, plus simd128 (.cargo/config.toml). wasm-opt
# also detects them from the module's target_features section; the flags keep it
# working if that section is ever stripped.
WASM_OPT_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                     --enable-mutable-globals --enable-multivalue --enable-reference-types \
                     --enable-simd
# -O3 vs -Oz measured on this crate (lto + opt-level 3 already): same training speed
# within noise, -Oz 1% smaller. Keep -O3; for the smallest file use WASM_OPT_LEVEL=-Oz.
WASM_OPT_LEVEL ?= -O3
# wasm-bindgen-test-runner drives chromium through chromedriver; it already adds
# headless, no-sandbox (needed as root) and disable-dev-shm-usage, so no webdriver.json.
export CHROMEDRIVER ?= /usr/bin/chromedriver
# Per-test timeout of the browser runner (default 20 s is short for training tests).
export WASM_BINDGEN_TEST_TIMEOUT ?= 300

.PHONY: setup wasm build-wasm serve test test-native test-wasm-browser test-e2e bench bench-page dist site clean

setup:
	@scripts/setup.sh

wasm: setup
	@$(MAKE) --no-print-directory build-wasm

# The wasm build without the setup check (used by `test`, which ran setup already).
build-wasm:
	cargo build --lib --release --target $(WASM_TARGET)
	wasm-bindgen --target web --out-dir $(PKG) --out-name dlab $(RAW_WASM)
	npx --no-install wasm-opt $(WASM_OPT_LEVEL) $(WASM_OPT_FEATURES) $(PKG)/dlab_bg.wasm -o $(PKG)/dlab_bg.wasm
	node scripts/precompress.mjs $(PKG)/dlab_bg.wasm $(PKG)/dlab.js
	@ls -l $(PKG)/dlab.js $(PKG)/dlab_bg.wasm

serve: wasm
	python3 scripts/serve.py $(PORT)

# One sub-make per stage so the order holds even under `make -j`; the first failure stops.
test: setup
	@$(MAKE) --no-print-directory test-native
	@$(MAKE) --no-print-directory test-wasm-browser
	@$(MAKE) --no-print-directory build-wasm
	@$(MAKE) --no-print-directory test-e2e

# The core's native tests (unit + tests/*.rs), and a check that the lib builds for wasm.
test-native:
	cargo test --release
	cargo build --lib --release --target $(WASM_TARGET)

# #[wasm_bindgen_test] tests in headless chromium (runner set in .cargo/config.toml).
# Only tests/wasm_browser.rs: compiling the native integration tests to wasm would cost
# an LTO build each and run nothing (plain #[test] is ignored on wasm).
test-wasm-browser:
	@if [ -f tests/wasm_browser.rs ]; then \
	  echo "cargo test --release --target $(WASM_TARGET) --test wasm_browser"; \
	  cargo test --release --target $(WASM_TARGET) --test wasm_browser; \
	else echo "test-wasm-browser: tests/wasm_browser.rs not written yet, skipped"; fi

# Browser end-to-end tests of the served page (needs build-wasm first).
# The shell glob works with every node version (node 22 no longer takes a directory).
test-e2e:
	node --test --test-reporter=spec tests/e2e/*.test.mjs

bench: wasm
	cd bench && npm ci --silent && node run.mjs

# The page's speed per lesson step in headless Chromium (scripts/bench-page.mjs): fps, the
# longest frame, steps/s, the time until the step's claim is visible, the bare-loop rate.
bench-page: wasm
	node scripts/bench-page.mjs

dist: wasm
	node scripts/dist.mjs

# site/: exactly what CI publishes as static pages (.github/workflows/publish.yml): the
# page, the wasm core, the slides and dist/dlab.html; relative paths only (any sub-path).
site: dist
	node scripts/site.mjs

clean:
	cargo clean
	rm -rf $(PKG) test-artifacts site
