// The CloudFormation worker on the served site. src/cfn_dialog.rs starts it the first time
// the import or export is used; it loads wasm-bindgen's glue and the worker's Wasm (both
// built by Trunk from src/bin/cfn_worker.rs, see index.html). The Wasm says "ready" once it
// takes jobs; if it cannot start, the page is told why instead of waiting.
importScripts('envelope-lab-cfn.js');
wasm_bindgen({ module_or_path: 'envelope-lab-cfn_bg.wasm' })
  .catch((err) => self.postMessage(JSON.stringify({ start_failed: { message: String(err) } })));
