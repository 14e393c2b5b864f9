//! Web entry: Trunk builds this binary for wasm32 and it mounts the Yew app.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<envelope_lab::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "envelope-lab-web is the browser entry point: run `make serve` and open the printed URL."
    );
    std::process::exit(2);
}
