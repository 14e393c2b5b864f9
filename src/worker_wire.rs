//! What the page and its Web Workers share: the JSON text of their messages, the workers'
//! message loop (`serve`, for `src/bin/cfn_worker.rs` and `src/bin/tools_worker.rs`) and
//! how a worker module turns a job's text into its answer's text (`reply`, for
//! `src/cfn_work.rs` and `src/tools_work.rs`). The page's side of a worker is
//! `src/worker_link.rs`. See docs/ARCHITECTURE.md ("The web app").

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A job or an answer as the JSON text posted between the page and a worker.
pub fn to_json(message: &impl Serialize) -> String {
    // Jobs and answers hold strings, numbers, Texts and JSON values: serialising cannot fail.
    serde_json::to_string(message).unwrap_or_default()
}

/// A worker's whole protocol: a job's JSON in (`run` does the job), its answer's JSON out.
/// A message that is not a job (only the page posts to a worker, so a bug) is answered
/// with what `unreadable` makes of the reason.
pub fn reply<J: DeserializeOwned, A: Serialize>(
    message: &str,
    run: impl FnOnce(J) -> A,
    unreadable: impl FnOnce(serde_json::Error) -> A,
) -> String {
    let answer = match serde_json::from_str::<J>(message) {
        Ok(job) => run(job),
        Err(e) => unreadable(e),
    };
    to_json(&answer)
}

/// Serves `answer` as this Web Worker's protocol: posts `ready` once, then one answer per
/// message (a message that is not text is answered as the empty job, which `answer`
/// reports as a job it could not read).
#[cfg(target_arch = "wasm32")]
pub fn serve(answer: fn(&str) -> String, ready: &str, _native_note: &str) {
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
    let _ = scope.post_message(&JsValue::from_str(ready));
}

/// Natively a worker binary has nothing to serve: it says so (`native_note`, where to
/// find it instead) and exits with status 2.
#[cfg(not(target_arch = "wasm32"))]
pub fn serve(_answer: fn(&str) -> String, _ready: &str, native_note: &str) {
    eprintln!("{native_note}");
    std::process::exit(2);
}
