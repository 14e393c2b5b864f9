//! The policy tools worker's entry: Trunk builds this binary for wasm32 as a Web Worker
//! (index.html, `data-type="worker"`), and its loader script starts it
//! (static/tools-worker.js on the served site; in the single-file build,
//! static/tools-worker-bundle.js inside a `blob:` worker). It lints policies and computes
//! the playground's verified fixes, taking jobs as JSON text and answering each with one
//! message (`envelope_lab_web::tools_work`). See docs/ARCHITECTURE.md ("The web app").

#[cfg(target_arch = "wasm32")]
fn main() {
    use envelope_lab_web::tools_work::{answer, to_json, Answer};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_job =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let job = e.data().as_string().unwrap_or_default();
            let _ = replies.post_message(&JsValue::from_str(&answer(&job)));
        });
    scope.set_onmessage(Some(on_job.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_job.forget();
    let _ = scope.post_message(&JsValue::from_str(&to_json(&Answer::Ready)));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "envelope-lab-tools is the web app's policy tools worker: run `make serve` and open the printed URL (or use `envelope-lab lint` / `envelope-lab eval` on the command line)."
    );
    std::process::exit(2);
}
