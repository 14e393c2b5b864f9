//! Yew components only; no AWS logic. The components render what the engine produces.

mod diagram;

pub use diagram::{Diagram, Stage};

use yew::prelude::*;

/// The root component mounted by the web entry (`src/main.rs`).
#[function_component(App)]
pub fn app() -> Html {
    let step = use_state(|| 0usize);
    let on_step = {
        let step = step.clone();
        Callback::from(move |_| step.set((*step + 1) % Stage::ALL.len()))
    };
    let stage = Stage::ALL[*step % Stage::ALL.len()];
    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "Envelope Lab" }</h1>
                <p class="tagline">{ "Step through AWS KMS envelope encryption in a Lambda → Kinesis → Firehose → S3 pipeline — every KMS call, key and policy decision, right in your browser." }</p>
            </header>
            <main class="workspace">
                <section class="diagram-panel" aria-label="Pipeline diagram">
                    <Diagram active={stage} />
                </section>
                <section class="controls" aria-label="Simulation controls">
                    <button type="button" class="btn primary" id="step-button" onclick={on_step}>{ "Step" }</button>
                    <span class="step-counter" aria-live="polite">{ format!("Step {}: {}", *step, stage.caption()) }</span>
                </section>
            </main>
            <footer class="footer">{ format!("Envelope Lab {} — a deterministic simulation; no AWS account, no network.", crate::VERSION) }</footer>
        </div>
    }
}
