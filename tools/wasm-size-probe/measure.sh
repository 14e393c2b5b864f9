#!/usr/bin/env bash
# The Wasm size each crate of the client-side encryption module (engine/src/esdk/) adds to
# what the web app already has (AES-256-GCM and SHA-256): a tiny wasm32 cdylib built with the
# web app's release profile, once per feature set, raw and gzip -9, before and after
# binaryen's wasm-opt -Oz (tools/node_modules, installed by scripts/setup.sh).
# Then times the last build (both crates) in Node with speed.mjs.
#   tools/wasm-size-probe/measure.sh
set -euo pipefail
cd "$(dirname "$0")"
target=../../target/wasm-size-probe
opt_bin=../node_modules/.bin/wasm-opt
for f in "" hkdf p384 "hkdf p384"; do
  cargo build -q --release --locked --offline --target wasm32-unknown-unknown --target-dir "$target" \
    ${f:+--features "$f"}
  w=$target/wasm32-unknown-unknown/release/esdk_wasm_probe.wasm
  o=$target/probe-opt.wasm
  if [ -x "$opt_bin" ]; then "$opt_bin" -Oz "$w" -o "$o"; else cp "$w" "$o"; fi
  printf '%-10s raw %7d  gzip %6d  | wasm-opt -Oz %7d  gzip %6d\n' "${f:-base}" \
    "$(stat -c%s "$w")" "$(gzip -9c "$w" | wc -c)" "$(stat -c%s "$o")" "$(gzip -9c "$o" | wc -c)"
done
node speed.mjs "$o"
