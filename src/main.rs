//! Web entry: Trunk builds this binary for wasm32 and it mounts the Yew app.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<envelope_lab_web::App>::new().render();
}

/// Measures the engine alone in Wasm (no UI): the default scenario with `invocations`
/// invocations run to the end. Returns `[steps, milliseconds, Wasm memory bytes after the
/// run]`. Used by tests/browser/figures.mjs through the module's exports.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn bench_engine(invocations: u32) -> Vec<f64> {
    let (steps, ms, memory) = envelope_lab_web::runner::bench_engine(invocations);
    vec![steps as f64, ms, memory]
}

/// Starts the policy tools worker in the background (static/loader.js calls it a few
/// seconds after the page is interactive, when it is idle; see src/tools_client.rs).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn warm_tools() {
    envelope_lab_web::tools_client::warm();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "envelope-lab-web is the browser entry point: run `make serve` and open the printed URL."
    );
    std::process::exit(2);
}
