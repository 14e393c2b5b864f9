// The policy tools worker in the single-file build. scripts/bundle.mjs writes the worker
// whole into the data block #envelope-lab-tools-worker: wasm-bindgen's glue, then
// `inflateBase64Gzip` (static/bundle-inflate.js) and the Wasm as base64 of its gzip
// (ENVELOPE_LAB_WORKER_WASM), then this script; src/tools_client.rs starts it from a blob:
// URL. No request is made. If it cannot start, the page is told why instead of waiting.
inflateBase64Gzip(ENVELOPE_LAB_WORKER_WASM)
  .then((wasm) => wasm_bindgen({ module_or_path: wasm }))
  .catch((err) => self.postMessage(JSON.stringify({ start_failed: { message: String(err) } })));
