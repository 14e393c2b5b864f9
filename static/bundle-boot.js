// Starts the Wasm app of the single-file build (scripts/bundle.mjs appends this and
// static/bundle-inflate.js to wasm-bindgen's module, whose `__wbg_init` it calls). The Wasm
// travels inside the page as base64 of its gzip in the data block #envelope-lab-wasm:
// decoded and inflated with the browser's own DecompressionStream, no request made, so it
// also runs from file://. `warm_tools` is one of the module's exports (src/tools_client.rs).
{
  const failed = (err) => {
    const boot = document.getElementById('boot');
    if (boot) {
      boot.textContent = 'Envelope Lab could not start: ' + err;
      boot.classList.add('boot-error');
    }
    console.error(err);
  };
  const start = async () => {
    const block = document.getElementById('envelope-lab-wasm');
    if (!block) throw new Error('the page carries no WebAssembly module (#envelope-lab-wasm)');
    const base64 = block.textContent.trim();
    block.remove(); // ~0.8 MB of text the page no longer needs
    await __wbg_init({ module_or_path: await inflateBase64Gzip(base64) });
    // The policy tools worker (its own data block), started in the background a few
    // seconds after the app runs, when the browser is idle, as static/loader.js does.
    setTimeout(() => (self.requestIdleCallback ? requestIdleCallback(() => warm_tools(), { timeout: 5000 }) : warm_tools()), 5000);
  };
  start().catch(failed);
}
