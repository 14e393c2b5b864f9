//! The CloudFormation worker's entry: Trunk builds this binary for wasm32 as a Web Worker
//! (index.html, `data-type="worker"`), and its loader script starts it (static/cfn-worker.js
//! on the served site; in the single-file build, static/cfn-worker-bundle.js inside a
//! `blob:` worker). It takes jobs as JSON text and answers each with one message
//! (`envelope_lab_web::cfn_work`; the message loop is `envelope_lab_web::worker_wire`).
//! See docs/ARCHITECTURE.md ("The web app").

use envelope_lab_web::cfn_work::{answer, to_json, Answer};

fn main() {
    envelope_lab_web::worker_wire::serve(
        answer,
        &to_json(&Answer::Ready),
        "envelope-lab-cfn is the web app's CloudFormation worker: run `make serve` and open the printed URL (or use `envelope-lab import cfn` on the command line).",
    );
}
