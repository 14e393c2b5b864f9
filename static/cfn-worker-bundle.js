// The CloudFormation worker in the single-file build. scripts/bundle.mjs writes the worker
// whole into the data block #envelope-lab-cfn-worker: wasm-bindgen's glue, then
// `inflateBase64Gzip` (static/bundle-inflate.js) and the Wasm as base64 of its gzip
// (ENVELOPE_LAB_CFN_WASM), then this script; src/cfn_dialog.rs starts it from a blob: URL
// the first time the import or export is used. No request is made. The Wasm says "ready"
// once it takes jobs; if it cannot start, the page is told why instead of waiting.
inflateBase64Gzip(ENVELOPE_LAB_CFN_WASM)
  .then((wasm) => wasm_bindgen({ module_or_path: wasm }))
  .catch((err) => self.postMessage(JSON.stringify({ start_failed: { message: String(err) } })));
