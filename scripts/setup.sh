#!/usr/bin/env bash
# Idempotent developer/CI set-up for dlab. Each step checks first and skips what is
# already present at the right version, so a warm machine spends a few seconds.
# Needs: rustup/cargo, node+npm, python3; root (or sudo) only for the apt step.
# Why each step is done this way: docs/README-setup.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f "$HOME/.cargo/env" ]; then . "$HOME/.cargo/env"; fi

say() { printf 'setup: %s\n' "$*"; }

# 1. The wasm target.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "wasm32-unknown-unknown target: installing"
  rustup target add wasm32-unknown-unknown
fi

# 2. Chromium + chromedriver from Debian (playwright's own browser download needs GitHub/CDN).
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "chromium + chromedriver: present"
else
  say "chromium + chromedriver: installing with apt (about a minute)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 2b. A CJK font for the Korean page (lang=ko): without one, the browser tests' Korean
#     screenshots show empty boxes where the Hangul should be.
if dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  say "fonts-noto-cjk (Korean font): present"
else
  say "fonts-noto-cjk (Korean font): installing with apt"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-noto-cjk >/dev/null
fi

# 2c. Tools the tests decode their outputs with: ffmpeg/ffprobe (the recorded WebM clips),
#     zbar-tools' zbarimg (the presenter's QR code), python3-yaml (the CI workflow's YAML).
MISSING=()
for pkg in ffmpeg zbar-tools python3-yaml; do
  dpkg -s "$pkg" >/dev/null 2>&1 || MISSING+=("$pkg")
done
if [ ${#MISSING[@]} -eq 0 ]; then
  say "ffmpeg, zbar-tools, python3-yaml: present"
else
  say "${MISSING[*]}: installing with apt"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi

# 3. wasm-bindgen-cli at exactly the version Cargo.lock pins for the wasm-bindgen crate
#    (the CLI and the crate must match). No --locked: the CLI's own lockfile pins a crate
#    version crates.io no longer serves.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$WB_VERSION" ] || { echo "setup: cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$WB_VERSION" ] \
   && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WB_VERSION: present"
else
  say "wasm-bindgen-cli $WB_VERSION: installing with cargo (2-5 minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 4. npm dev tools (playwright-core, binaryen). `npm ci` when the lockfile is newer
#    than node_modules (npm touches node_modules/.package-lock.json on every install).
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
   || { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; } \
   || [ package.json -nt node_modules/.package-lock.json ]; then
  if [ -f package-lock.json ]; then
    say "npm packages: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  else
    say "npm packages: npm install (no package-lock.json)"
    npm install --no-audit --no-fund --loglevel=error
  fi
else
  say "npm packages: present"
fi
