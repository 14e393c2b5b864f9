// The policy tools worker on the served site (lint, the playground's fixes). The page starts
// it in the background once it is interactive, or at the first job (src/tools_client.rs); it
// loads wasm-bindgen's glue and the worker's Wasm (both built by Trunk from
// src/bin/tools_worker.rs, see index.html). The Wasm says "ready" once it takes jobs; if it
// cannot start, the page is told why instead of waiting.
importScripts('envelope-lab-tools.js');
wasm_bindgen({ module_or_path: 'envelope-lab-tools_bg.wasm' })
  .catch((err) => self.postMessage(JSON.stringify({ start_failed: { message: String(err) } })));
