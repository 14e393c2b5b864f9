//! The policy tools worker's entry: Trunk builds this binary for wasm32 as a Web Worker
//! (index.html, `data-type="worker"`), and its loader script starts it
//! (static/tools-worker.js on the served site; in the single-file build,
//! static/tools-worker-bundle.js inside a `blob:` worker). It lints policies and computes
//! the playground's verified fixes, the sandbox's run fixes and Fix all, the "who can read
//! the plaintext" panel, the evaluation path of a step or a playground request, and a
//! lesson's goal checks (rebuilding the page's run from its scenario and seed), taking
//! jobs as JSON text and answering each with one message (`envelope_lab_web::tools_work`; the message loop is
//! `envelope_lab_web::worker_wire`). See docs/ARCHITECTURE.md ("The web app").

use envelope_lab_web::tools_work::{answer, to_json, Answer};

fn main() {
    envelope_lab_web::worker_wire::serve(
        answer,
        &to_json(&Answer::Ready),
        "envelope-lab-tools is the web app's policy tools worker: run `make serve` and open the printed URL (or use `envelope-lab lint` / `envelope-lab eval` on the command line).",
    );
}
